// A vector layer held in memory: schema, features, CRS. The exchange type between geo/ readers,
// writers and operations and the domain in profiles/.
#pragma once

#include "geo/geometry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace omrade::geo {

enum class FieldType { Integer, Real, String };

struct Field {
    std::string name;
    FieldType type = FieldType::String;
};

// An attribute value; monostate = NULL.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Feature {
    std::int64_t fid = -1;
    std::vector<Value> values;  // parallel to Layer::fields
    Geometry geometry;
};

struct Layer {
    std::string name;    // layer name written to outputs
    std::string source;  // where it was read from, for messages
    std::string crs;     // "EPSG:3006", or WKT; empty = unknown / no geometry
    std::vector<Field> fields;
    std::vector<Feature> features;

    // Index of a field by exact name, or nullopt.
    std::optional<std::size_t> field_index(const std::string& name) const;
    // Index of a field; throws DataError naming the source and field if it is missing.
    std::size_t require_field(const std::string& name) const;
    // Adds a field (NULL for existing features) and returns its index.
    std::size_t add_field(const std::string& name, FieldType type);
};

// Value helpers: text form of any value ("" for NULL), numeric form (nullopt for NULL or text
// that is not a number).
std::string to_text(const Value& v);
std::optional<double> to_number(const Value& v);

}  // namespace omrade::geo
