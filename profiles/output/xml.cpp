#include "profiles/output/xml.hpp"

#include <fmt/format.h>

namespace omrade::profiles {

std::string xml_escape(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += attribute ? "&quot;" : "\""; break;
            case '\n': out += attribute ? "&#10;" : "\n"; break;
            case '\r': out += "&#13;"; break;
            case '\t': out += attribute ? "&#9;" : "\t"; break;
            default:
                if (c >= 0x20) out += ch;  // bytes of UTF-8 sequences are >= 0x80 and pass through
                break;
        }
    }
    return out;
}

std::string xml_number(double value) { return fmt::format("{}", value); }

XmlElement& XmlElement::set(const std::string& key, std::string value) {
    for (auto& [k, v] : attributes) {
        if (k == key) {
            v = std::move(value);
            return *this;
        }
    }
    attributes.emplace_back(key, std::move(value));
    return *this;
}

XmlElement& XmlElement::set(const std::string& key, double value) { return set(key, xml_number(value)); }

XmlElement& XmlElement::add(std::string child_name) {
    children.emplace_back(std::move(child_name));
    return children.back();
}

XmlElement& XmlElement::add(XmlElement child) {
    children.push_back(std::move(child));
    return children.back();
}

XmlElement& XmlElement::with_text(std::string t) {
    text = std::move(t);
    return *this;
}

const std::string* XmlElement::attribute(const std::string& key) const {
    for (const auto& [k, v] : attributes) {
        if (k == key) return &v;
    }
    return nullptr;
}

const XmlElement* XmlElement::child(const std::string& child_name) const {
    for (const auto& c : children) {
        if (c.name == child_name) return &c;
    }
    return nullptr;
}

std::string XmlElement::to_string(int indent) const {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    std::string out = pad + "<" + name;
    for (const auto& [k, v] : attributes) out += " " + k + "=\"" + xml_escape(v, true) + "\"";
    if (children.empty() && text.empty()) return out + "/>\n";
    out += ">";
    if (children.empty()) return out + xml_escape(text) + "</" + name + ">\n";
    out += xml_escape(text) + "\n";
    for (const auto& c : children) out += c.to_string(indent + 1);
    return out + pad + "</" + name + ">\n";
}

}  // namespace omrade::profiles
