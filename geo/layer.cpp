#include "geo/layer.hpp"

#include "geo/error.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace omrade::geo {

std::optional<std::size_t> Layer::field_index(const std::string& field_name) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == field_name) return i;
    }
    return std::nullopt;
}

std::size_t Layer::require_field(const std::string& field_name) const {
    if (auto i = field_index(field_name)) return *i;
    std::string have;
    for (const auto& f : fields) have += (have.empty() ? "" : ", ") + f.name;
    throw DataError({source, 0, {}, field_name}, "fältet saknas i lagret '" + name + "'",
                    "fält som finns: " + have);
}

std::size_t Layer::add_field(const std::string& field_name, FieldType type) {
    fields.push_back({field_name, type});
    for (auto& f : features) f.values.resize(fields.size());
    return fields.size() - 1;
}

std::string to_text(const Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
    return {};
}

std::optional<double> to_number(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return std::isfinite(*d) ? std::optional(*d) : std::nullopt;
    if (const auto* s = std::get_if<std::string>(&v)) {
        double out = 0;
        const char* end = s->data() + s->size();
        auto [ptr, ec] = std::from_chars(s->data(), end, out);
        if (ec == std::errc() && ptr == end && !s->empty()) return out;
    }
    return std::nullopt;
}

}  // namespace omrade::geo
