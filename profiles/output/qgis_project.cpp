#include "profiles/output/qgis_project.hpp"

#include "profiles/output/output_file.hpp"

#include <algorithm>

#include "geo/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>

namespace omrade::profiles {

QgisCrs sweref99tm() {
    QgisCrs c;
    c.authid = "EPSG:3006";
    c.srsid = 971;  // QGIS 3.x srs.db
    c.srid = 3006;
    c.description = "SWEREF99 TM";
    c.proj4 = "+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";
    c.projection_acronym = "utm";
    c.ellipsoid_acronym = "EPSG:7019";
    c.wkt =
        "PROJCRS[\"SWEREF99 TM\",BASEGEOGCRS[\"SWEREF99\",DATUM[\"SWEREF99\",ELLIPSOID[\"GRS 1980\",6378137,"
        "298.257222101,LENGTHUNIT[\"metre\",1]]],PRIMEM[\"Greenwich\",0,ANGLEUNIT[\"degree\",0.0174532925199433]],"
        "ID[\"EPSG\",4619]],CONVERSION[\"SWEREF99 TM\",METHOD[\"Transverse Mercator\",ID[\"EPSG\",9807]],"
        "PARAMETER[\"Latitude of natural origin\",0,ANGLEUNIT[\"degree\",0.0174532925199433],ID[\"EPSG\",8801]],"
        "PARAMETER[\"Longitude of natural origin\",15,ANGLEUNIT[\"degree\",0.0174532925199433],ID[\"EPSG\",8802]],"
        "PARAMETER[\"Scale factor at natural origin\",0.9996,SCALEUNIT[\"unity\",1],ID[\"EPSG\",8805]],"
        "PARAMETER[\"False easting\",500000,LENGTHUNIT[\"metre\",1],ID[\"EPSG\",8806]],"
        "PARAMETER[\"False northing\",0,LENGTHUNIT[\"metre\",1],ID[\"EPSG\",8807]]],CS[Cartesian,2],"
        "AXIS[\"northing (N)\",north,ORDER[1],LENGTHUNIT[\"metre\",1]],AXIS[\"easting (E)\",east,ORDER[2],"
        "LENGTHUNIT[\"metre\",1]],ID[\"EPSG\",3006]]";
    return c;
}

namespace {

XmlElement spatialrefsys(const QgisCrs& c) {
    XmlElement s("spatialrefsys");
    s.add("wkt").with_text(c.wkt);
    s.add("proj4").with_text(c.proj4);
    s.add("srsid").with_text(std::to_string(c.srsid));
    s.add("srid").with_text(std::to_string(c.srid));
    s.add("authid").with_text(c.authid);
    s.add("description").with_text(c.description);
    s.add("projectionacronym").with_text(c.projection_acronym);
    s.add("ellipsoidacronym").with_text(c.ellipsoid_acronym);
    s.add("geographicflag").with_text("false");
    return s;
}

XmlElement wrapped(const std::string& name, XmlElement child) {
    XmlElement e(name);
    e.add(std::move(child));
    return e;
}

XmlElement tree_layer(const ProjectLayer& l) {
    XmlElement e("layer-tree-layer");
    e.set("id", l.id).set("name", l.name).set("source", l.source).set("providerKey", "ogr")
        .set("checked", l.visible ? "Qt::Checked" : "Qt::Unchecked").set("expanded", "1");
    e.add("customproperties");
    return e;
}

XmlElement map_layer(const ProjectLayer& l, const QgisCrs& crs) {
    XmlElement m("maplayer");
    m.set("type", "vector").set("geometry", l.geometry).set("labelsEnabled", labels_enabled(l.symbology) ? "1" : "0")
        .set("hasScaleBasedVisibilityFlag", "0").set("readOnly", "0").set("styleCategories", "AllStyleCategories");
    m.add("id").with_text(l.id);
    m.add("datasource").with_text(l.source);
    m.add("layername").with_text(l.name);
    m.add(wrapped("srs", spatialrefsys(crs)));
    m.add("provider").set("encoding", "UTF-8").with_text("ogr");
    auto& styles = m.add("map-layer-style-manager");
    styles.set("current", "default");
    styles.add("map-layer-style").set("name", "default");
    for (auto& e : symbology_elements(l.symbology)) m.add(std::move(e));
    m.add("layerOpacity").with_text("1");
    return m;
}

XmlElement extent_element(const std::string& name, const Extent& e) {
    XmlElement x(name);
    x.add("xmin").with_text(xml_number(e.xmin));
    x.add("ymin").with_text(xml_number(e.ymin));
    x.add("xmax").with_text(xml_number(e.xmax));
    x.add("ymax").with_text(xml_number(e.ymax));
    return x;
}

XmlElement property(const std::string& name, const std::string& type, const std::string& value) {
    XmlElement p(name);
    p.set("type", type).with_text(value);
    return p;
}

}  // namespace

std::string qgis_project_xml(const QgisProject& p) {
    XmlElement q("qgis");
    q.set("projectname", p.title).set("version", "3.22.16-Białowieża");
    q.add("homePath").set("path", "");
    q.add("title").with_text(p.title);
    q.add(wrapped("projectCrs", spatialrefsys(p.crs)));

    auto& tree = q.add("layer-tree-group");
    tree.add("customproperties");
    std::vector<std::string> groups_done;
    for (const auto& l : p.layers) {
        if (l.group.empty()) {
            tree.add(tree_layer(l));
            continue;
        }
        if (std::find(groups_done.begin(), groups_done.end(), l.group) != groups_done.end()) continue;
        groups_done.push_back(l.group);
        XmlElement g("layer-tree-group");
        g.add("customproperties");
        int checked_child = -1, index = 0;
        for (const auto& member : p.layers) {
            if (member.group != l.group) continue;
            if (member.visible && checked_child < 0) checked_child = index;
            g.add(tree_layer(member));
            ++index;
        }
        g.set("name", l.group).set("checked", "Qt::Checked").set("expanded", "1").set("mutually-exclusive", "1")
            .set("mutually-exclusive-child", checked_child);
        tree.add(std::move(g));
    }

    auto& canvas = q.add("mapcanvas");
    canvas.set("name", "theMapCanvas").set("annotationsVisible", "1");
    canvas.add("units").with_text("meters");
    canvas.add(extent_element("extent", p.extent));
    canvas.add("rotation").with_text("0");
    canvas.add(wrapped("destinationsrs", spatialrefsys(p.crs)));
    canvas.add("rendermaptile").with_text("0");

    auto& layers = q.add("projectlayers");
    for (const auto& l : p.layers) layers.add(map_layer(l, p.crs));
    auto& order = q.add("layerorder");
    for (const auto& l : p.layers) order.add("layer").set("id", l.id);

    auto& props = q.add("properties");
    props.add("Paths").add(property("Absolute", "bool", "false"));
    props.add("SpatialRefSys").add(property("ProjectionsEnabled", "int", "1"));
    auto& units = props.add("Measurement");
    units.add(property("DistanceUnits", "QString", "meters"));
    units.add(property("AreaUnits", "QString", "km2"));

    auto& presets = q.add("visibility-presets");
    for (const auto& t : p.themes) {
        auto& preset = presets.add("visibility-preset");
        preset.set("name", t.name);
        for (const auto& id : t.visible_layers) preset.add("layer").set("id", id).set("visible", "1");
    }

    auto& meta = q.add("projectMetadata");
    meta.add("title").with_text(p.title);
    meta.add("language").with_text("sv");

    auto& view = q.add("ProjectViewSettings");
    view.set("rotation", "0").set("UseProjectScales", "0");
    view.add("Scales");
    auto& def = view.add("DefaultViewExtent");
    def.set("xmin", p.extent.xmin).set("ymin", p.extent.ymin).set("xmax", p.extent.xmax).set("ymax", p.extent.ymax);
    def.add(spatialrefsys(p.crs));

    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + q.to_string();
}

void write_qgis_project(const std::filesystem::path& path, const QgisProject& project) {
    write_text_file(path, qgis_project_xml(project));
}

namespace {

void grow(Extent& e, const geo::Geometry& g) {
    geo::Box box;
    if (const auto* pt = std::get_if<geo::Point>(&g)) {
        geo::bg::envelope(*pt, box);
    } else if (const auto* mp = std::get_if<geo::MultiPolygon>(&g)) {
        if (mp->empty()) return;
        geo::bg::envelope(*mp, box);
    } else {
        return;
    }
    e.xmin = std::min(e.xmin, box.min_corner().x());
    e.ymin = std::min(e.ymin, box.min_corner().y());
    e.xmax = std::max(e.xmax, box.max_corner().x());
    e.ymax = std::max(e.ymax, box.max_corner().y());
}

Extent layer_extent(const geo::Layer& l) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    Extent e{inf, inf, -inf, -inf};
    for (const auto& f : l.features) grow(e, f.geometry);
    return e;
}

bool is_set(const Extent& e) { return e.xmin <= e.xmax && e.ymin <= e.ymax; }

// QGIS keeps a layer id from the project only when it is longer than 10 characters (shorter ones
// are replaced by random ids, which breaks map themes), hence the prefix.
std::string layer_id(const std::string& s) {
    std::string out = "omrade_";
    for (const char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        out += ok ? c : '_';
    }
    return out;
}

}  // namespace

PilotQgis pilot_qgis(const std::string& pilot_id, const std::string& title, const PilotLayers& layers,
                     const std::vector<IndicatorStyleInput>& indicators) {
    PilotQgis q;
    const std::string gpkg = "./" + pilot_id + ".gpkg|layername=";
    auto add_style = [&q](const std::string& layer, const std::string& name, const LayerSymbology& s) {
        const std::string qml = layer_qml(s);
        q.gpkg_styles.push_back({layer, name, qml, "", "omrade: standardstil"});
        q.qml.emplace_back(layer, qml);
    };

    LayerSymbology points, outline, borders;
    points.kind = SymbologyKind::points_labelled;
    points.field = "vardcentral";
    if (layers.centres.field_index("pilot")) {
        points.highlight_filter = "\"pilot\" = 'ja'";
        points.highlight_label = title;
        points.others_label = "Övriga vårdcentraler";
    }
    outline.kind = SymbologyKind::outline;
    borders.kind = SymbologyKind::borders;
    add_style(layers.centres.name, "Vårdcentraler", points);
    add_style(layers.catchment.name, "Upptagningsområde", outline);
    if (layers.kommuner) add_style(layers.kommuner->name, "Kommungränser", borders);
    LayerSymbology resources;
    resources.kind = SymbologyKind::points_labelled;
    resources.field = "namn";
    resources.colours = {{0x1b, 0x9e, 0x77}};  // green, apart from the red vårdcentraler
    if (layers.resources) add_style(layers.resources->name, "Resurser", resources);

    auto& p = q.project;
    if (layers.resources) p.layers.push_back({layer_id("resurser"), "Resurser runt vårdcentralen", gpkg + layers.resources->name, "Point", resources, "", true});
    p.title = title;
    p.layers.push_back({layer_id("vardcentraler"), "Vårdcentraler", gpkg + layers.centres.name, "Point", points, "", true});
    p.layers.push_back({layer_id("upptagningsomrade"), "Upptagningsområde", gpkg + layers.catchment.name, "Polygon", outline, "", true});
    if (layers.kommuner) p.layers.push_back({layer_id("kommuner"), "Kommungränser", gpkg + layers.kommuner->name, "Polygon", borders, "", true});
    // DeSOs the pilot shares with other VCs, over every theme (the deso layer's andel_i_omradet).
    const auto share_field = layers.deso.field_index("andel_i_omradet");
    const bool any_shared = share_field && std::any_of(layers.deso.features.begin(), layers.deso.features.end(), [&](const geo::Feature& f) {
        const auto* v = std::get_if<double>(&f.values.at(*share_field));
        return v && *v < 1 - 1e-9;
    });
    if (any_shared) {
        LayerSymbology shared;
        shared.kind = SymbologyKind::shared;
        shared.field = "andel_i_omradet";
        shared.title = "DeSO delad med annan vårdcentral (andel under 100 %, se fältet delas_med)";
        p.layers.push_back({layer_id("delade_deso"), "Delade DeSO", gpkg + layers.deso.name, "Polygon", shared, "", true});
    }
    std::vector<std::string> common;
    for (const auto& l : p.layers) common.push_back(l.id);

    bool first = true;
    for (const auto& ind : indicators) {
        if (!layers.deso.field_index(ind.field)) continue;  // not in this layer: nothing to draw
        const std::string reason = ind.field + "_orsak";
        LayerSymbology s = indicator_symbology(ind, layers.deso.field_index(reason) ? reason : "");
        if (first) add_style(layers.deso.name, s.title, s);
        s.heading = false;  // the layer is named after the indicator
        const std::string id = layer_id("deso_" + ind.field);
        p.layers.push_back({id, s.title, gpkg + layers.deso.name, "Polygon", s, "DeSO – indikatorer", first});
        MapTheme theme{s.title, common};
        theme.visible_layers.push_back(id);
        p.themes.push_back(std::move(theme));
        first = false;
    }
    // The förändring theme: per indicator with a series, its DeSOs by the trend or change word.
    for (const auto& ind : indicators) {
        if (!ind.has_change || !layers.deso.field_index(ind.field + "_forandring")) continue;
        LayerSymbology s = change_symbology(ind);
        s.heading = false;
        const std::string id = layer_id("forandring_" + ind.field);
        p.layers.push_back({id, s.title, gpkg + layers.deso.name, "Polygon", s, "DeSO – förändring", false});
        MapTheme theme{s.title, common};
        theme.visible_layers.push_back(id);
        p.themes.push_back(std::move(theme));
    }
    if (first) {
        // No indicator to colour by: the DeSOs still show as borders.
        add_style(layers.deso.name, "DeSO", borders);
        p.layers.push_back({layer_id("deso"), "DeSO", gpkg + layers.deso.name, "Polygon", borders, "", true});
    }

    Extent e = layer_extent(layers.catchment);
    if (!is_set(e)) e = layer_extent(layers.deso);
    if (!is_set(e)) e = layer_extent(layers.centres);
    if (is_set(e)) {
        // A margin so the outline does not touch the window edge (and a single point gets a view).
        const double m = std::max({0.08 * (e.xmax - e.xmin), 0.08 * (e.ymax - e.ymin), 1000.0});
        p.extent = {e.xmin - m, e.ymin - m, e.xmax + m, e.ymax + m};
    }
    return q;
}

std::vector<std::filesystem::path> write_pilot_qgis(const std::filesystem::path& dir, const std::string& pilot_id,
                                                    const PilotQgis& q) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const auto& [layer, qml] : q.qml) {
        const fs::path rel = fs::path("geojson") / (layer + ".qml");
        write_text_file(dir / rel, qml);
        files.push_back(rel);
    }
    const fs::path project = pilot_id + ".qgs";
    write_qgis_project(dir / project, q.project);
    files.push_back(project);
    return files;
}

std::vector<IndicatorStyleInput> quintile_style_inputs(const std::vector<AreaColumn>& columns) {
    std::vector<IndicatorStyleInput> out;
    for (const auto& c : columns) {
        if (c.type != geo::FieldType::Real && c.type != geo::FieldType::Integer) continue;
        std::vector<double> values;
        for (const auto& v : c.values) {
            if (const auto x = geo::to_number(v)) values.push_back(*x);
        }
        if (values.size() < 5) continue;
        const auto cuts = quintile_cuts(values);
        out.push_back({c.name, c.name, "", *cuts, Polarity::neutral});
    }
    return out;
}

std::vector<IndicatorStyleInput> style_inputs(const ProfileSet& profiles) {
    // Counts (typ antal) are not mapped as choropleths: a DeSO's count mostly says how big it is.
    // The deprivation indicator comes first, so the project opens on it.
    std::vector<IndicatorStyleInput> out;
    for (const auto& ip : profiles.indicators) {
        if (ip.quintile_cuts.size() != 4 || ip.indicator.type == IndicatorType::count) continue;
        IndicatorStyleInput in;
        in.field = ip.indicator.id;
        in.title = ip.indicator.name;
        in.unit = ip.indicator.unit;
        std::copy(ip.quintile_cuts.begin(), ip.quintile_cuts.end(), in.cuts.begin());
        in.polarity = ip.indicator.polarity;
        in.has_change = ip.series.years.size() >= 2;
        out.push_back(std::move(in));
    }
    std::stable_partition(out.begin(), out.end(),
                          [&](const IndicatorStyleInput& in) { return in.field == profiles.deprivation; });
    return out;
}

}  // namespace omrade::profiles
