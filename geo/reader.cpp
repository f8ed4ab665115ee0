#include "geo/reader.hpp"

#include "geo/error.hpp"
#include "geo/gdal_session.hpp"
#include "geo/transform.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <gdal_priv.h>
#include <memory>
#include <optional>
#include <cpl_conv.h>
#include <ogrsf_frmts.h>

namespace omrade::geo {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

bool is_connection(const std::string& name) {
    return name.rfind("PG:", 0) == 0 || name.rfind("/vsi", 0) == 0 ||
           name.find("://") != std::string::npos;
}

// Spreadsheets exported by SCB and by Excel users often hold only text cells (codes, "..",
// decimal commas); GDAL's header detection then takes the header row for data. The first row is
// always the header: OGR_XLSX_HEADERS / OGR_ODS_HEADERS = FORCE (GDAL 3.6 has these only as
// configuration options, read when the sheet is parsed, so they stay set while the layer is read).
class ForceSpreadsheetHeaders {
public:
    explicit ForceSpreadsheetHeaders(const std::string& dataset) {
        std::string ext = std::filesystem::path(dataset).extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (ext == ".xlsx" || ext == ".xlsm") m_key = "OGR_XLSX_HEADERS";
        else if (ext == ".ods") m_key = "OGR_ODS_HEADERS";
        if (m_key.empty()) return;
        if (const char* old = CPLGetThreadLocalConfigOption(m_key.c_str(), nullptr)) m_old = old;
        CPLSetThreadLocalConfigOption(m_key.c_str(), "FORCE");
    }
    ~ForceSpreadsheetHeaders() {
        if (!m_key.empty()) CPLSetThreadLocalConfigOption(m_key.c_str(), m_old ? m_old->c_str() : nullptr);
    }
    ForceSpreadsheetHeaders(const ForceSpreadsheetHeaders&) = delete;
    ForceSpreadsheetHeaders& operator=(const ForceSpreadsheetHeaders&) = delete;

private:
    std::string m_key;
    std::optional<std::string> m_old;
};

DatasetPtr open_dataset(const SourceName& source, const ReadOptions& options) {
    detail::ensure_gdal();
    if (!is_connection(source.dataset) && !std::filesystem::exists(source.dataset)) {
        throw DataError({source.display(), 0, {}, {}}, "filen finns inte",
                        "kontrollera sökvägen (relativa sökvägar räknas från konfigurationsfilen)");
    }
    std::vector<std::string> opts;
    if (!options.x_field.empty()) opts.push_back("X_POSSIBLE_NAMES=" + options.x_field);
    if (!options.y_field.empty()) opts.push_back("Y_POSSIBLE_NAMES=" + options.y_field);
    if (!options.x_field.empty()) opts.push_back("KEEP_GEOM_COLUMNS=YES");
    std::vector<const char*> copts;
    for (const auto& o : opts) copts.push_back(o.c_str());
    copts.push_back(nullptr);
    detail::QuietGdal quiet;
    auto* ds = static_cast<GDALDataset*>(
        GDALOpenEx(source.dataset.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                   opts.empty() ? nullptr : copts.data(), nullptr));
    if (!ds) {
        throw DataError({source.display(), 0, {}, {}},
                        "kan inte öppnas som vektordata (" + detail::QuietGdal::last_message() + ")",
                        "använd ett format som GDAL läser: GPKG, Shapefile, GeoJSON, FlatGeobuf, CSV, XLSX");
    }
    return DatasetPtr(ds);
}

std::string crs_name(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    OGRSpatialReference copy(srs);
    if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
        auth = copy.GetAuthorityName(nullptr);
        code = copy.GetAuthorityCode(nullptr);
        if (auth && code) return std::string(auth) + ":" + code;
    }
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

Polygon to_polygon(const OGRPolygon& poly) {
    Polygon out;
    auto ring_to = [](const OGRLinearRing* r, auto& dst) {
        for (int i = 0; i < r->getNumPoints(); ++i) dst.emplace_back(r->getX(i), r->getY(i));
    };
    if (const auto* ext = poly.getExteriorRing()) ring_to(ext, out.outer());
    for (int i = 0; i < poly.getNumInteriorRings(); ++i) {
        out.inners().emplace_back();
        ring_to(poly.getInteriorRing(i), out.inners().back());
    }
    return out;
}

void collect_polygons(const OGRGeometry& g, MultiPolygon& out, bool& other) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPolygon: out.push_back(to_polygon(*g.toPolygon())); break;
        case wkbMultiPolygon:
        case wkbGeometryCollection:
            for (const auto* part : *g.toGeometryCollection()) collect_polygons(*part, out, other);
            break;
        case wkbCurvePolygon:
        case wkbMultiSurface: {
            std::unique_ptr<OGRGeometry> lin(g.getLinearGeometry());
            collect_polygons(*lin, out, other);
            break;
        }
        default: other = true;
    }
}

Geometry convert(const OGRGeometry* g, const Where& where) {
    if (!g || g->IsEmpty()) return std::monostate{};
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPoint) {
        const auto* p = g->toPoint();
        return Point(p->getX(), p->getY());
    }
    if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
        const auto* p = g->toMultiPoint()->getGeometryRef(0);
        return Point(p->getX(), p->getY());
    }
    MultiPolygon mp;
    bool other = false;
    collect_polygons(*g, mp, other);
    if (other || mp.empty()) {
        throw DataError(where, std::string("geometritypen ") + g->getGeometryName() + " stöds inte",
                        "använd punkter eller polygoner");
    }
    bg::correct(mp);
    return mp;
}

}  // namespace

std::vector<std::string> list_layers(const std::string& dataset) {
    auto ds = open_dataset(SourceName{dataset, {}}, {});
    std::vector<std::string> names;
    for (auto* layer : ds->GetLayers()) names.emplace_back(layer->GetName());
    return names;
}

namespace {

OGRLayer* select_layer(GDALDataset& ds, const SourceName& source) {
    if (source.layer.empty()) {
        if (ds.GetLayerCount() == 0) throw DataError({source.display(), 0, {}, {}}, "källan har inga lager");
        return ds.GetLayer(0);
    }
    OGRLayer* ogr_layer = ds.GetLayerByName(source.layer.c_str());
    if (!ogr_layer) {
        std::string have;
        for (auto* l : ds.GetLayers()) have += (have.empty() ? "" : ", ") + std::string(l->GetName());
        throw DataError({source.display(), 0, {}, {}}, "lagret '" + source.layer + "' finns inte",
                        "lager som finns: " + have);
    }
    return ogr_layer;
}

// Name, source and fields of the layer (no features).
Layer layer_schema(OGRLayer& ogr_layer, const SourceName& source) {
    Layer layer;
    layer.name = ogr_layer.GetName();
    layer.source = source.display();
    OGRFeatureDefn* defn = ogr_layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* fd = defn->GetFieldDefn(i);
        FieldType type = FieldType::String;
        if (fd->GetType() == OFTInteger || fd->GetType() == OFTInteger64) type = FieldType::Integer;
        if (fd->GetType() == OFTReal) type = FieldType::Real;
        layer.fields.push_back({fd->GetNameRef(), type});
    }
    return layer;
}

// Sets layer.crs from the source (or assume_crs) and returns the transformer to target_crs, if any.
std::unique_ptr<Transformer> layer_crs(OGRLayer& ogr_layer, const SourceName& source, const ReadOptions& options,
                                       Layer& layer) {
    const OGRSpatialReference* srs = ogr_layer.GetSpatialRef();
    if (srs) {
        layer.crs = crs_name(*srs);
    } else if (!options.assume_crs.empty()) {
        layer.crs = options.assume_crs;
    } else {
        throw DataError({source.display(), 0, {}, {}}, "lagret har geometri men inget koordinatsystem (CRS)",
                        "lägg till en .prj-fil eller spara om lagret med CRS, t.ex. EPSG:3006");
    }
    if (!options.target_crs.empty() && !same_crs(layer.crs, options.target_crs)) {
        auto transformer = std::make_unique<Transformer>(layer.crs, options.target_crs);
        layer.crs = options.target_crs;
        return transformer;
    }
    return nullptr;
}

Value field_value(const OGRFeature& f, int i, FieldType type) {
    if (!f.IsFieldSetAndNotNull(i)) return std::monostate{};
    switch (type) {
        case FieldType::Integer: return static_cast<std::int64_t>(f.GetFieldAsInteger64(i));
        case FieldType::Real: return f.GetFieldAsDouble(i);
        case FieldType::String: break;
    }
    return std::string(f.GetFieldAsString(i));
}

DataError transform_error(const Where& where, const DataError& e, const std::string& crs) {
    return DataError({where.file, 0, where.feature, "geometri"}, e.problem(),
                     "koordinaterna passar inte lagrets koordinatsystem (" + crs +
                         "); kontrollera CRS och axelordning (lat/lon, nord/öst)");
}

}  // namespace

Layer read_layer(const SourceName& source, const ReadOptions& options) {
    const ForceSpreadsheetHeaders headers(source.dataset);
    auto ds = open_dataset(source, options);
    // Drivers that parse lazily (JML, GML) report errors on first use of the layer, not on open:
    // they become part of a DataError or nothing, never English lines on stderr.
    detail::QuietGdal quiet;
    OGRLayer* ogr_layer = select_layer(*ds, source);
    Layer layer = layer_schema(*ogr_layer, source);
    OGRFeatureDefn* defn = ogr_layer->GetLayerDefn();

    const bool want_geometry = !options.attributes_only && ogr_layer->GetGeomType() != wkbNone;
    std::unique_ptr<Transformer> transformer;
    if (want_geometry) transformer = layer_crs(*ogr_layer, source, options, layer);

    ogr_layer->ResetReading();
    while (auto* raw = ogr_layer->GetNextFeature()) {
        std::unique_ptr<OGRFeature> f(raw);
        Feature out;
        out.fid = f->GetFID();
        out.values.resize(layer.fields.size());
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            const auto idx = static_cast<std::size_t>(i);
            out.values[idx] = field_value(*f, i, layer.fields[idx].type);
        }
        if (want_geometry) {
            const Where where{source.display(), 0, "fid " + std::to_string(out.fid), {}};
            out.geometry = convert(f->GetGeometryRef(), where);
            if (transformer) {
                try {
                    out.geometry = transformer->apply(out.geometry);
                } catch (const DataError& e) {
                    throw transform_error(where, e, layer.crs);
                }
            }
        }
        layer.features.push_back(std::move(out));
    }
    return layer;
}

struct PointReader::Impl {
    SourceName source;
    ForceSpreadsheetHeaders headers;
    DatasetPtr ds;
    OGRLayer* layer = nullptr;
    Layer schema;
    bool has_geometry = false;
    std::unique_ptr<Transformer> transformer;
    std::optional<std::size_t> field;
    bool started = false;

    Impl(const SourceName& s, const ReadOptions& options) : source(s), headers(s.dataset) {
        ds = open_dataset(source, options);
        detail::QuietGdal quiet;
        layer = select_layer(*ds, source);
        schema = layer_schema(*layer, source);
        has_geometry = layer->GetGeomType() != wkbNone;
        if (has_geometry) transformer = layer_crs(*layer, source, options, schema);
        ignore_fields();
    }

    // Every field but the selected one (and the style) is skipped by the driver.
    void ignore_fields() {
        std::vector<const char*> ignored;
        for (std::size_t i = 0; i < schema.fields.size(); ++i) {
            if (field != i) ignored.push_back(schema.fields[i].name.c_str());
        }
        ignored.push_back("OGR_STYLE");
        ignored.push_back(nullptr);
        detail::QuietGdal quiet;
        layer->SetIgnoredFields(ignored.data());
    }
};

PointReader::PointReader(const SourceName& source, const ReadOptions& options)
    : m_impl(std::make_unique<Impl>(source, options)) {}

PointReader::~PointReader() = default;

const Layer& PointReader::schema() const { return m_impl->schema; }

void PointReader::select_field(const std::string& field) {
    m_impl->field = m_impl->schema.require_field(field);
    m_impl->ignore_fields();
}

bool PointReader::next(PointBatch& batch, std::size_t max_features) {
    Impl& m = *m_impl;
    batch.clear();
    detail::QuietGdal quiet;
    if (!m.started) {
        m.layer->ResetReading();
        m.started = true;
    }
    const int field = m.field ? static_cast<int>(*m.field) : -1;
    const FieldType type = m.field ? m.schema.fields[*m.field].type : FieldType::String;
    while (batch.size() < max_features) {
        std::unique_ptr<OGRFeature> f(m.layer->GetNextFeature());
        if (!f) break;
        batch.fid.push_back(f->GetFID());
        if (field >= 0) batch.value.push_back(field_value(*f, field, type));
        const OGRGeometry* g = m.has_geometry ? f->GetGeometryRef() : nullptr;
        if (g && !g->IsEmpty() && wkbFlatten(g->getGeometryType()) == wkbPoint) {
            // The common case, without building a Geometry: as convert() does for a point.
            const auto* p = g->toPoint();
            batch.kind.push_back(PointKind::Located);
            batch.xy.emplace_back(p->getX(), p->getY());
            continue;
        }
        const Where where{m.source.display(), 0, "fid " + std::to_string(batch.fid.back()), {}};
        const Geometry geom = m.has_geometry ? convert(g, where) : Geometry{};
        if (const auto* p = std::get_if<Point>(&geom)) {
            batch.kind.push_back(PointKind::Located);
            batch.xy.push_back(*p);
        } else {
            batch.kind.push_back(is_empty(geom) ? PointKind::None : PointKind::Area);
        }
    }
    if (m.transformer && !batch.xy.empty()) {
        const std::vector<Point> source_xy = batch.xy;
        const std::size_t bad = m.transformer->apply_in_place(batch.xy);
        if (bad < batch.xy.size()) {
            std::size_t k = 0, at = 0;  // the feature holding position `bad`
            for (; at < batch.size(); ++at) {
                if (batch.kind[at] == PointKind::Located && k++ == bad) break;
            }
            const Where where{m.source.display(), 0, "fid " + std::to_string(batch.fid[at]), {}};
            try {
                (void)m.transformer->apply(source_xy[bad]);  // throws with the coordinate, as read_layer does
            } catch (const DataError& e) {
                throw transform_error(where, e, m.schema.crs);
            }
            throw transform_error(where, DataError({}, "koordinaten kan inte transformeras"), m.schema.crs);
        }
    }
    return batch.size() > 0;
}

}  // namespace omrade::geo
