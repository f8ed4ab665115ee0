// A small XML element tree and serializer for the files QGIS reads (.qml styles, .qgs projects).
// Only what those need: elements, attributes in insertion order, text, escaping.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace omrade::profiles {

// Escapes text for XML content (attribute = true also escapes double quotes, which delimit
// attributes here, and line breaks and tabs so that they survive attribute-value normalization).
// Control characters XML 1.0 forbids are dropped.
std::string xml_escape(std::string_view text, bool attribute = false);

struct XmlElement {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string text;
    std::vector<XmlElement> children;

    XmlElement() = default;
    explicit XmlElement(std::string element_name) : name(std::move(element_name)) {}

    // Sets (or replaces) an attribute; returns *this for chaining.
    XmlElement& set(const std::string& key, std::string value);
    XmlElement& set(const std::string& key, const char* value) { return set(key, std::string(value)); }
    XmlElement& set(const std::string& key, int value) { return set(key, std::to_string(value)); }
    XmlElement& set(const std::string& key, double value);
    // Appends a child and returns a reference to it (valid until the next append to this element).
    XmlElement& add(std::string child_name);
    XmlElement& add(XmlElement child);
    XmlElement& with_text(std::string t);

    // Attribute value, or nullptr.
    const std::string* attribute(const std::string& key) const;
    // First child with that name, or nullptr.
    const XmlElement* child(const std::string& child_name) const;

    // Indented serialization (two spaces per level), no declaration.
    std::string to_string(int indent = 0) const;
};

// A number as XML/QGIS writes it: C locale, shortest form that reads back to the same double.
std::string xml_number(double value);

}  // namespace omrade::profiles
