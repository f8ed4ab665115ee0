#include "geo/source.hpp"

#include "geo/error.hpp"

namespace omrade::geo {

SourceName parse_source(const std::string& text) {
    SourceName out;
    const auto bar = text.find('|');
    out.dataset = text.substr(0, bar);
    if (bar == std::string::npos) return out;
    std::string rest = text.substr(bar + 1);
    while (!rest.empty()) {
        const auto next = rest.find('|');
        const std::string part = rest.substr(0, next);
        const std::string key = "layername=";
        if (part.rfind(key, 0) == 0) {
            out.layer = part.substr(key.size());
        } else if (!part.empty()) {
            throw DataError({text, 0, {}, {}}, "okänd del '" + part + "' i källnamnet",
                            "skriv 'fil|layername=lager'");
        }
        rest = next == std::string::npos ? std::string() : rest.substr(next + 1);
    }
    if (out.dataset.empty()) throw DataError({text, 0, {}, {}}, "källnamnet saknar fil");
    return out;
}

SourceName resolve_source(const std::string& text, const std::filesystem::path& base_dir) {
    SourceName out = parse_source(text);
    const std::string& d = out.dataset;
    const bool connection = d.rfind("PG:", 0) == 0 || d.rfind("/vsi", 0) == 0 ||
                            d.find("://") != std::string::npos;
    if (!connection && std::filesystem::path(d).is_relative()) {
        out.dataset = (base_dir / d).lexically_normal().string();
    }
    return out;
}

}  // namespace omrade::geo
