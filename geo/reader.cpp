#include "geo/reader.hpp"

#include "geo/error.hpp"
#include "geo/gdal_session.hpp"
#include "geo/transform.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <gdal_priv.h>
#include <memory>
#include <optional>
#include <string_view>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_recordbatch.h>
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

// GetNextFeature gives nullptr both at the end of a layer and when a feature cannot be read (a cut
// or damaged file): the caller resets GDAL's error state before each call, and a failure then
// means the rest of the layer was not read. `read`: the features read before it.
void check_read_end(const SourceName& source, std::int64_t read) {
    if (CPLGetLastErrorType() != CE_Failure && CPLGetLastErrorType() != CE_Fatal) return;
    throw DataError({source.display(), 0, "nr " + std::to_string(read + 1), {}},
                    std::string("filen kunde inte läsas till slut (") + CPLGetLastErrorMsg() + "); " +
                        std::to_string(read) + " objekt lästa före det",
                    "filen är avkortad eller skadad: skapa eller kopiera den på nytt och pröva den med ogrinfo");
}

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
    for (;;) {
        CPLErrorReset();
        std::unique_ptr<OGRFeature> f(ogr_layer->GetNextFeature());
        if (!f) {
            check_read_end(source, static_cast<std::int64_t>(layer.features.size()));
            break;
        }
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

namespace {

// Appends the kind (and position) of `g` as read_layer's convert() sees it; `fid` names the
// feature in errors.
void append_geometry(PointBatch& batch, const OGRGeometry* g, std::int64_t fid, const SourceName& source) {
    if (g && !g->IsEmpty() && wkbFlatten(g->getGeometryType()) == wkbPoint) {
        // The common case, without building a Geometry: as convert() does for a point.
        const auto* p = g->toPoint();
        batch.kind.push_back(PointKind::Located);
        batch.xy.emplace_back(p->getX(), p->getY());
        return;
    }
    const Where where{source.display(), 0, "fid " + std::to_string(fid), {}};
    const Geometry geom = convert(g, where);
    if (const auto* p = std::get_if<Point>(&geom)) {
        batch.kind.push_back(PointKind::Located);
        batch.xy.push_back(*p);
    } else {
        batch.kind.push_back(is_empty(geom) ? PointKind::None : PointKind::Area);
    }
}

// OMRADE_POINTS_NO_ARROW=1 makes PointReader read every layer with GetNextFeature.
bool arrow_disabled() {
    const char* v = std::getenv("OMRADE_POINTS_NO_ARROW");
    return v && std::string_view(v) == "1";
}

std::uint64_t wkb_uint(const std::uint8_t* p, int bytes, bool little_endian) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t{p[little_endian ? i : bytes - 1 - i]} << (8 * i);
    return v;
}

// x and y of a WKB Point as OGRPoint::importFromWkb reads them: 2D, ISO (1001, 2001, 3001) or
// extended (0x80000001, 0x40000001, 0xC0000001) Z and M, either byte order, trailing bytes
// allowed. False for any other WKB, one too short for its type, and a NaN coordinate (OGR then
// decides whether the point is empty).
bool wkb_point(const std::uint8_t* w, std::int64_t size, double& x, double& y) {
    if (size < 21 || w[0] > 1) return false;
    const bool little_endian = w[0] == 1;
    std::int64_t need = 21;
    switch (wkb_uint(w + 1, 4, little_endian)) {
        case 1: break;
        case 1001: case 2001: case 0x80000001: case 0x40000001: need = 29; break;
        case 3001: case 0xC0000001: need = 37; break;
        default: return false;
    }
    if (size < need) return false;
    x = std::bit_cast<double>(wkb_uint(w + 5, 8, little_endian));
    y = std::bit_cast<double>(wkb_uint(w + 13, 8, little_endian));
    return !std::isnan(x) && !std::isnan(y);
}

// The Arrow format GDAL gives a field whose values convert exactly as field_value() reads them,
// or 0. Subtypes narrow in Arrow (a GeoPackage BOOLEAN holding 2, a float32 column holding a
// double), dates and lists are formatted by OGR: those are read as features.
char arrow_format(const OGRFieldDefn& fd) {
    switch (fd.GetType()) {
        case OFTInteger: return fd.GetSubType() == OFSTNone ? 'i' : 0;
        case OFTInteger64: return fd.GetSubType() == OFSTNone ? 'l' : 0;
        case OFTReal: return fd.GetSubType() == OFSTNone ? 'g' : 0;
        case OFTString: return 'u';
        default: return 0;
    }
}

// Whether Arrow field metadata names the extension ogc.wkb (GDAL's WKB geometry column).
bool is_wkb_column(const char* metadata) {
    if (!metadata) return false;
    auto read_int = [&metadata] {
        std::int32_t v;
        std::memcpy(&v, metadata, sizeof v);
        metadata += sizeof v;
        return v;
    };
    for (std::int32_t n = read_int(); n > 0; --n) {
        const std::int32_t key_size = read_int();
        const std::string_view key(metadata, static_cast<std::size_t>(key_size));
        metadata += key_size;
        const std::int32_t value_size = read_int();
        const std::string_view value(metadata, static_cast<std::size_t>(value_size));
        metadata += value_size;
        if (key == "ARROW:extension:name" && value == "ogc.wkb") return true;
    }
    return false;
}

bool arrow_valid(const ArrowArray& column, std::int64_t i) {
    if (column.null_count == 0 || !column.buffers[0]) return true;
    return (static_cast<const std::uint8_t*>(column.buffers[0])[i / 8] >> (i % 8)) & 1;
}

// A point layer read through OGRLayer::GetArrowStream (RFC 86): the FID, the WKB geometry and at
// most one field, array by array (65 536 features each). FlatGeobuf and GeoPackage have native
// streams that skip building an OGRFeature per point. When the stream cannot be read as the
// features would be (an error, an array failing check_array, a WKB OGR does not read), read()
// says so and the reader goes on with GetNextFeature after the consumed() features.
class ArrowPoints {
public:
    enum class Read { Full, End, GiveUp };

    // nullptr when the layer is not read this way: another driver, a field of another type, or a
    // stream without the expected columns.
    static std::unique_ptr<ArrowPoints> open(GDALDataset& ds, OGRLayer& layer, std::optional<std::size_t> field) {
        const std::string_view driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
        if (driver != "FlatGeobuf" && driver != "GPKG") return nullptr;
        const OGRFieldDefn* fd = field ? layer.GetLayerDefn()->GetFieldDefn(static_cast<int>(*field)) : nullptr;
        const char format = fd ? arrow_format(*fd) : 0;
        if (fd && !format) return nullptr;
        std::unique_ptr<ArrowPoints> a(new ArrowPoints);
        a->m_field_format = format;
        // INCLUDE_FID=YES also avoids a GDAL 3.6.2 bug: a GeoPackage stream of the geometry alone
        // gives empty WKB (fixed in 3.6.3).
        const char* const options[] = {"INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=65536", nullptr};
        if (!layer.GetArrowStream(&a->m_stream, options)) return nullptr;
        if (a->m_stream.get_schema(&a->m_stream, &a->m_schema) != 0) return nullptr;
        const char* fid_column = layer.GetFIDColumn();
        if (!a->find_columns(fid_column && *fid_column ? fid_column : "OGC_FID", fd ? fd->GetNameRef() : nullptr)) {
            return nullptr;
        }
        return a;
    }

    ~ArrowPoints() {
        if (m_array.release) m_array.release(&m_array);
        if (m_schema.release) m_schema.release(&m_schema);
        if (m_stream.release) m_stream.release(&m_stream);
    }
    ArrowPoints(const ArrowPoints&) = delete;
    ArrowPoints& operator=(const ArrowPoints&) = delete;

    // Appends features to `batch` until it holds max_features (Full) or the stream ends (End) or
    // must be given up (GiveUp: `batch` holds the features before consumed()).
    Read read(PointBatch& batch, std::size_t max_features, const SourceName& source) {
        while (batch.size() < max_features) {
            if (m_row == m_array.length) {
                if (const Read r = next_array(); r != Read::Full) return r;
            }
            const std::int64_t at = m_array.offset + m_row;
            const ArrowArray& fids = *m_array.children[m_fid];
            const ArrowArray& geoms = *m_array.children[m_geometry];
            const std::int64_t fid = static_cast<const std::int64_t*>(fids.buffers[1])[fids.offset + at];
            const std::int64_t g = geoms.offset + at;
            std::unique_ptr<OGRGeometry> geometry;
            double x = 0, y = 0;
            bool located = false;
            if (arrow_valid(geoms, g)) {
                const auto* offsets = static_cast<const std::int32_t*>(geoms.buffers[1]);
                const auto* wkb = static_cast<const std::uint8_t*>(geoms.buffers[2]) + offsets[g];
                const std::int64_t size = offsets[g + 1] - offsets[g];
                located = wkb_point(wkb, size, x, y);
                if (!located) {
                    OGRGeometry* raw = nullptr;
                    if (OGRGeometryFactory::createFromWkb(wkb, nullptr, &raw, static_cast<std::size_t>(size)) !=
                        OGRERR_NONE) {
                        delete raw;
                        return Read::GiveUp;
                    }
                    geometry.reset(raw);
                }
            }
            batch.fid.push_back(fid);
            if (m_field >= 0) batch.value.push_back(value(at));
            if (located) {
                batch.kind.push_back(PointKind::Located);
                batch.xy.emplace_back(x, y);
            } else {
                append_geometry(batch, geometry.get(), fid, source);
            }
            ++m_row;
            ++m_consumed;
        }
        return Read::Full;
    }

    // Features appended so far.
    std::int64_t consumed() const { return m_consumed; }

private:
    ArrowPoints() = default;

    // FID first (as INCLUDE_FID puts it), one WKB column and the field, each of its format.
    bool find_columns(std::string_view fid_column, const char* field) {
        if (std::string_view(m_schema.format) != "+s" || m_schema.n_children < 2) return false;
        for (std::int64_t i = 0; i < m_schema.n_children; ++i) {
            const ArrowSchema& c = *m_schema.children[i];
            const std::string_view name = c.name ? c.name : "", format = c.format;
            if (i == 0) {
                if (name != fid_column || format != "l") return false;
                m_fid = 0;
            } else if (format == "z" && is_wkb_column(c.metadata)) {
                if (m_geometry >= 0) return false;
                m_geometry = static_cast<int>(i);
            } else if (field && name == field) {
                if (m_field >= 0 || format != std::string_view(&m_field_format, 1)) return false;
                m_field = static_cast<int>(i);
            }
        }
        return m_geometry > 0 && (!field || m_field > 0);
    }

    Read next_array() {
        if (m_array.release) m_array.release(&m_array);
        m_array = {};
        m_row = 0;
        if (m_ended) return Read::End;
        if (m_stream.get_next(&m_stream, &m_array) != 0) {
            m_array = {};
            return Read::GiveUp;
        }
        if (!m_array.release) {
            m_ended = true;
            return Read::End;
        }
        // An empty array: GDAL 3.6.2 gives them forever for an empty FlatGeobuf layer.
        if (m_array.length == 0 || !check_array()) return Read::GiveUp;
        return Read::Full;
    }

    // The columns read have the buffers of their formats, and the geometry column's offsets
    // rise by at least a WKB header for every non-null row. GDAL 3.6.2's FlatGeobuf stream
    // neither marks a null geometry nor moves the offsets past it (the offset after it stays 0,
    // so later geometries overwrite earlier ones); that fails here and the array is read as
    // features.
    bool check_array() const {
        const ArrowArray& a = m_array;
        if (a.offset < 0 || a.length < 0 || a.n_children != m_schema.n_children) return false;
        for (const int c : {m_fid, m_geometry, m_field}) {
            if (c < 0) continue;
            const ArrowArray* col = a.children[c];
            const bool with_offsets = c == m_geometry || (c == m_field && m_field_format == 'u');
            if (!col || col->offset < 0 || col->length < a.offset + a.length || col->n_buffers != (with_offsets ? 3 : 2) ||
                !col->buffers[1] || (with_offsets && !col->buffers[2]) || (col->null_count != 0 && !col->buffers[0])) {
                return false;
            }
            if (!with_offsets) continue;
            const auto* offsets = static_cast<const std::int32_t*>(col->buffers[1]);
            const std::int32_t min_size = c == m_geometry ? 5 : 0;
            for (std::int64_t i = col->offset + a.offset, end = i + a.length; i < end; ++i) {
                if (offsets[i] < 0 || offsets[i + 1] - offsets[i] < (arrow_valid(*col, i) ? min_size : 0)) return false;
            }
        }
        return true;
    }

    // The field at row `at` as field_value() gives it (a string ends at a NUL, as OGR's does).
    Value value(std::int64_t at) const {
        const ArrowArray& col = *m_array.children[m_field];
        const std::int64_t i = col.offset + at;
        if (!arrow_valid(col, i)) return std::monostate{};
        switch (m_field_format) {
            case 'i': return std::int64_t{static_cast<const std::int32_t*>(col.buffers[1])[i]};
            case 'l': return static_cast<const std::int64_t*>(col.buffers[1])[i];
            case 'g': return static_cast<const double*>(col.buffers[1])[i];
            default: break;
        }
        const auto* offsets = static_cast<const std::int32_t*>(col.buffers[1]);
        const std::string_view text(static_cast<const char*>(col.buffers[2]) + offsets[i],
                                    static_cast<std::size_t>(offsets[i + 1] - offsets[i]));
        return std::string(text.substr(0, text.find('\0')));
    }

    ArrowArrayStream m_stream{};
    ArrowSchema m_schema{};
    ArrowArray m_array{};
    std::int64_t m_row = 0;       // the next row of m_array
    std::int64_t m_consumed = 0;  // features appended, all arrays
    bool m_ended = false;
    int m_fid = -1, m_geometry = -1, m_field = -1;
    char m_field_format = 0;  // of m_field: 'i', 'l', 'g' or 'u'
};

}  // namespace

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
    std::unique_ptr<ArrowPoints> arrow;  // while the layer is read through the Arrow stream
    std::int64_t read = 0;               // features read with GetNextFeature or given by the stream

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

    void start() {
        started = true;
        layer->ResetReading();
        if (has_geometry && !arrow_disabled()) {
            arrow = ArrowPoints::open(*ds, *layer, field);
            if (!arrow) layer->ResetReading();
        }
    }

    // Goes on with GetNextFeature after the features the stream gave.
    void give_up_arrow() {
        const std::int64_t consumed = arrow->consumed();
        read = consumed;
        arrow.reset();
        layer->ResetReading();
        if (consumed > 0) (void)layer->SetNextByIndex(consumed);
    }

    void read_features(PointBatch& batch, std::size_t max_features) {
        const int index = field ? static_cast<int>(*field) : -1;
        const FieldType type = field ? schema.fields[*field].type : FieldType::String;
        while (batch.size() < max_features) {
            CPLErrorReset();
            std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
            if (!f) {
                check_read_end(source, read);
                break;
            }
            ++read;
            batch.fid.push_back(f->GetFID());
            if (index >= 0) batch.value.push_back(field_value(*f, index, type));
            append_geometry(batch, has_geometry ? f->GetGeometryRef() : nullptr, batch.fid.back(), source);
        }
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

bool PointReader::reads_arrow() const { return m_impl->arrow != nullptr; }

bool PointReader::next(PointBatch& batch, std::size_t max_features) {
    Impl& m = *m_impl;
    batch.clear();
    detail::QuietGdal quiet;
    if (!m.started) m.start();
    if (m.arrow && m.arrow->read(batch, max_features, m.source) == ArrowPoints::Read::GiveUp) m.give_up_arrow();
    if (!m.arrow) m.read_features(batch, max_features);
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
