#include "geo/layer_output.hpp"

#include "geo/error.hpp"
#include "geo/gdal_session.hpp"
#include "geo/writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <unistd.h>

namespace omrade::geo {

namespace fs = std::filesystem;

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

// A name beside `target` that keeps its extension (GDAL's CSV driver needs ".csv").
fs::path temp_beside(const fs::path& target) {
    return target.parent_path() /
           ("." + target.stem().string() + ".tmp-" + std::to_string(getpid()) + target.extension().string());
}

}  // namespace

std::optional<OutputFormat> output_format(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".gpkg") return OutputFormat::Gpkg;
    if (ext == ".geojson" || ext == ".json") return OutputFormat::GeoJson;
    if (ext == ".csv") return OutputFormat::Csv;
    return std::nullopt;
}

void write_csv(const Layer& layer, const fs::path& path) {
    detail::ensure_gdal();
    const Where where{path.string(), 0, {}, {}};
    if (fs::exists(path)) throw DataError(where, "filen finns redan");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("CSV");
    if (!driver) throw DataError(where, "GDAL saknar CSV-drivrutinen");
    detail::QuietGdal quiet;
    std::unique_ptr<GDALDataset, DatasetCloser> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw DataError(where, "kan inte skapas (" + detail::QuietGdal::last_message() + ")");
    const char* lco[] = {"LINEFORMAT=LF", "STRING_QUOTING=IF_NEEDED", nullptr};
    OGRLayer* ol = ds->CreateLayer(path.stem().c_str(), nullptr, wkbNone, const_cast<char**>(lco));
    if (!ol) throw DataError(where, "kan inte skapas (" + detail::QuietGdal::last_message() + ")");
    for (const auto& field : layer.fields) {
        const OGRFieldType t = field.type == FieldType::Integer ? OFTInteger64
                               : field.type == FieldType::Real  ? OFTReal
                                                                : OFTString;
        OGRFieldDefn fd(field.name.c_str(), t);
        if (ol->CreateField(&fd) != OGRERR_NONE) throw DataError({path.string(), 0, {}, field.name}, "fältet kan inte skapas");
    }
    for (const auto& f : layer.features) {
        OGRFeature of(ol->GetLayerDefn());
        for (std::size_t k = 0; k < layer.fields.size(); ++k) {
            const int idx = static_cast<int>(k);
            const Value& v = f.values.at(k);
            if (const auto* s = std::get_if<std::string>(&v)) of.SetField(idx, s->c_str());
            else if (const auto* i = std::get_if<std::int64_t>(&v)) of.SetField(idx, static_cast<GIntBig>(*i));
            else if (const auto* d = std::get_if<double>(&v); d && std::isfinite(*d)) of.SetField(idx, *d);
            else of.SetFieldNull(idx);
        }
        if (ol->CreateFeature(&of) != OGRERR_NONE) {
            throw DataError(where, "raden kan inte skrivas (" + detail::QuietGdal::last_message() + ")");
        }
    }
}

Layer accounting_table(const std::vector<std::pair<std::string, std::string>>& rows) {
    Layer t;
    t.name = "redovisning";
    t.fields = {{"post", FieldType::String}, {"varde", FieldType::String}};
    std::int64_t fid = 1;
    for (const auto& [k, v] : rows) {
        Feature f;
        f.fid = fid++;
        f.values = {k, v};
        t.features.push_back(std::move(f));
    }
    return t;
}

fs::path accounting_path(const fs::path& path) { return fs::path(path.string() + ".redovisning.csv"); }

void write_result(const Layer& layer, const Layer& accounting, const fs::path& path, bool overwrite) {
    const auto format = output_format(path);
    if (!format) {
        throw DataError({path.string(), 0, {}, {}}, "okänt utdataformat",
                        "använd filändelsen .gpkg, .geojson eller .csv");
    }
    const bool side_file = *format != OutputFormat::Gpkg;
    const fs::path side = accounting_path(path);
    for (const fs::path& p : side_file ? std::vector<fs::path>{path, side} : std::vector<fs::path>{path}) {
        if (fs::exists(p) && !overwrite) {
            throw DataError({p.string(), 0, {}, {}}, "filen finns redan", "använd --overwrite för att ersätta den");
        }
    }
    const fs::path tmp = temp_beside(path);
    const fs::path tmp_side = temp_beside(side);
    fs::remove(tmp);
    fs::remove(tmp_side);
    try {
        switch (*format) {
        case OutputFormat::Gpkg: write_gpkg(tmp, {&layer, &accounting}); break;
        case OutputFormat::GeoJson: write_geojson(layer, tmp); break;
        case OutputFormat::Csv: write_csv(layer, tmp); break;
        }
        if (side_file) write_csv(accounting, tmp_side);
    } catch (...) {
        fs::remove(tmp);
        fs::remove(tmp_side);
        throw;
    }
    fs::rename(tmp, path);
    if (side_file) fs::rename(tmp_side, side);
}

}  // namespace omrade::geo
