#include "geo/writer.hpp"

#include "geo/error.hpp"
#include "geo/gdal_session.hpp"
#include "geo/ogr_convert.hpp"
#include "geo/transform.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <gdal_priv.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

namespace omrade::geo {

namespace {

std::string json_string(const std::string& s) { return nlohmann::json(s).dump(); }

std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    std::string s = fmt::format("{}", v);
    return s;
}

std::string json_value(const Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return json_string(*s);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return json_number(*d);
    return "null";
}

// Rounds to `decimals` and trims trailing zeros: "14.8195", "56.85".
std::string coord(double v, int decimals) {
    std::string s = fmt::format("{:.{}f}", v, decimals);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

// Writes a ring in the wanted orientation, dropping points that collapse after rounding.
template <typename Ring>
void write_ring(std::string& out, const Ring& ring, bool want_ccw, int decimals) {
    std::vector<std::pair<std::string, std::string>> pts;
    for (const auto& p : ring) {
        auto xy = std::make_pair(coord(p.x(), decimals), coord(p.y(), decimals));
        if (pts.empty() || pts.back() != xy) pts.push_back(std::move(xy));
    }
    // Shoelace on the original coordinates decides the current orientation.
    double twice_area = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        twice_area += ring[i].x() * ring[i + 1].y() - ring[i + 1].x() * ring[i].y();
    }
    const bool is_ccw = twice_area > 0;
    if (is_ccw != want_ccw) std::reverse(pts.begin(), pts.end());
    out += '[';
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (i) out += ',';
        out += '[' + pts[i].first + ',' + pts[i].second + ']';
    }
    out += ']';
}

std::string geometry_json(const Geometry& g, int decimals) {
    if (const auto* p = std::get_if<Point>(&g)) {
        return R"({"type":"Point","coordinates":[)" + coord(p->x(), decimals) + ',' +
               coord(p->y(), decimals) + "]}";
    }
    if (const auto* mp = std::get_if<MultiPolygon>(&g)) {
        std::string out = R"({"type":"MultiPolygon","coordinates":[)";
        for (std::size_t i = 0; i < mp->size(); ++i) {
            if (i) out += ',';
            out += '[';
            write_ring(out, (*mp)[i].outer(), true, decimals);
            for (const auto& inner : (*mp)[i].inners()) {
                out += ',';
                write_ring(out, inner, false, decimals);
            }
            out += ']';
        }
        return out + "]}";
    }
    return "null";
}

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

void check(OGRErr err, const Where& where, const std::string& what) {
    if (err != OGRERR_NONE) {
        throw DataError(where, what + " (" + detail::QuietGdal::last_message() + ")",
                        "kontrollera utrymme och behörighet i utmappen");
    }
}

}  // namespace

void write_geojson(const Layer& layer, const std::filesystem::path& path, int decimals) {
    std::unique_ptr<Transformer> to_wgs84;
    if (!layer.crs.empty() && !same_crs(layer.crs, "EPSG:4326")) {
        to_wgs84 = std::make_unique<Transformer>(layer.crs, "EPSG:4326");
    }
    std::string out = R"({"type":"FeatureCollection","name":)" + json_string(layer.name) +
                      R"(,"features":[)";
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const Feature& f = layer.features[i];
        out += i ? ",\n" : "\n";
        out += R"({"type":"Feature","properties":{)";
        for (std::size_t k = 0; k < layer.fields.size(); ++k) {
            if (k) out += ',';
            out += json_string(layer.fields[k].name) + ':' + json_value(f.values.at(k));
        }
        out += R"(},"geometry":)";
        out += geometry_json(to_wgs84 ? to_wgs84->apply(f.geometry) : f.geometry, decimals);
        out += '}';
    }
    out += "\n]}\n";
    std::ofstream file(path, std::ios::binary);
    file << out;
    file.close();  // a full disk shows when the last buffer is flushed
    if (!file) {
        throw DataError({path.string(), 0, {}, {}}, "kan inte skriva filen",
                        "kontrollera utrymme och behörighet i utmappen");
    }
}

void write_gpkg(const std::filesystem::path& path, const std::vector<const Layer*>& layers,
                const std::vector<LayerStyle>& styles) {
    detail::ensure_gdal();
    const Where where{path.string(), 0, {}, {}};
    if (std::filesystem::exists(path)) throw DataError(where, "filen finns redan");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw DataError(where, "GDAL saknar GPKG-drivrutinen");
    detail::QuietGdal quiet;
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw DataError(where, "kan inte skapas (" + detail::QuietGdal::last_message() + ")", "kontrollera utrymme och behörighet i utmappen");

    OGRSpatialReference sweref;
    sweref.importFromEPSG(3006);
    sweref.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    for (const Layer* layer : layers) {
        const OGRwkbGeometryType gtype = detail::layer_geometry_type(*layer);
        std::unique_ptr<Transformer> to_sweref;
        if (gtype != wkbNone && !layer->crs.empty() && !same_crs(layer->crs, "EPSG:3006")) {
            to_sweref = std::make_unique<Transformer>(layer->crs, "EPSG:3006");
        }
        const char* lco[] = {"SPATIAL_INDEX=YES", nullptr};
        OGRLayer* ol = ds->CreateLayer(layer->name.c_str(), gtype == wkbNone ? nullptr : &sweref,
                                       gtype, const_cast<char**>(lco));
        if (!ol) throw DataError(where, "lagret '" + layer->name + "' kan inte skapas (" +
                                            detail::QuietGdal::last_message() + ")", "kontrollera utrymme och behörighet i utmappen");
        for (const auto& field : layer->fields) {
            OGRFieldDefn fd(field.name.c_str(), detail::ogr_field_type(field.type));
            if (ol->CreateField(&fd) != OGRERR_NONE) {
                throw DataError({path.string(), 0, {}, field.name}, "fältet kan inte skapas", "kontrollera utrymme och behörighet i utmappen");
            }
        }
        check(ol->StartTransaction(), where, "transaktionen kan inte startas");
        for (const auto& f : layer->features) {
            OGRFeature of(ol->GetLayerDefn());
            detail::set_ogr_fields(of, *layer, f);
            if (auto g = detail::to_ogr(to_sweref ? to_sweref->apply(f.geometry) : f.geometry)) {
                g->assignSpatialReference(&sweref);
                of.SetGeometryDirectly(g.release());
            }
            if (ol->CreateFeature(&of) != OGRERR_NONE) {
                throw DataError({path.string(), 0, layer->name, {}},
                                "objektet kan inte skrivas (" + detail::QuietGdal::last_message() + ")", "kontrollera utrymme och behörighet i utmappen");
            }
        }
        check(ol->CommitTransaction(), where, "lagret '" + layer->name + "' kan inte sparas");
    }

    if (!styles.empty()) {
        // The table QGIS reads default styles from (same columns as QGIS creates).
        const char* lco[] = {"FID=id", nullptr};
        OGRLayer* st = ds->CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(lco));
        if (!st) throw DataError(where, "tabellen layer_styles kan inte skapas", "kontrollera utrymme och behörighet i utmappen");
        const std::pair<const char*, OGRFieldType> cols[] = {
            {"f_table_catalog", OFTString}, {"f_table_schema", OFTString}, {"f_table_name", OFTString},
            {"f_geometry_column", OFTString}, {"styleName", OFTString}, {"styleQML", OFTString},
            {"styleSLD", OFTString}, {"useAsDefault", OFTInteger}, {"description", OFTString},
            {"owner", OFTString}, {"ui", OFTString}, {"update_time", OFTDateTime}};
        for (const auto& [name, type] : cols) {
            OGRFieldDefn fd(name, type);
            if (std::string(name) == "useAsDefault") fd.SetSubType(OFSTBoolean);
            check(st->CreateField(&fd), where, "layer_styles kan inte skapas");
        }
        check(st->StartTransaction(), where, "transaktionen kan inte startas");
        for (const auto& s : styles) {
            OGRFeature of(st->GetLayerDefn());
            of.SetField("f_table_catalog", "");
            of.SetField("f_table_schema", "");
            of.SetField("f_table_name", s.layer.c_str());
            of.SetField("f_geometry_column", "geom");
            of.SetField("styleName", s.name.c_str());
            of.SetField("styleQML", s.qml.c_str());
            of.SetField("styleSLD", s.sld.c_str());
            of.SetField("useAsDefault", 1);
            of.SetField("description", s.description.c_str());
            of.SetField("owner", "");
            of.SetField("ui", "");
            of.SetField("update_time", 2000, 1, 1, 0, 0, 0.0f, 0);
            check(st->CreateFeature(&of), where, "stilen kan inte skrivas");
        }
        check(st->CommitTransaction(), where, "layer_styles kan inte sparas");
    }
    // A PRAGMA returns a result layer (the new journal mode) that is ours to release (LeakSanitizer).
    if (OGRLayer* result = ds->ExecuteSQL("PRAGMA journal_mode=DELETE", nullptr, nullptr)) ds->ReleaseResultSet(result);
    ds.reset();
    // GDAL leaves no -wal/-shm files with journal_mode DELETE; make sure.
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
}

}  // namespace omrade::geo
