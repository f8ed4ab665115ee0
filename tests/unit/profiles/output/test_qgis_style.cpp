// QGIS styles and projects: XML escaping, Swedish numbers, quintiles, rule filters, project layout.
#include "profiles/output/qgis_project.hpp"
#include "profiles/output/qgis_style.hpp"
#include "profiles/output/xml.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

using namespace omrade;
using namespace omrade::profiles;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
    return n;
}

geo::MultiPolygon square(double x0, double y0, double side) {
    geo::Polygon p;
    geo::bg::append(p.outer(), geo::Point(x0, y0));
    geo::bg::append(p.outer(), geo::Point(x0, y0 + side));
    geo::bg::append(p.outer(), geo::Point(x0 + side, y0 + side));
    geo::bg::append(p.outer(), geo::Point(x0 + side, y0));
    geo::bg::append(p.outer(), geo::Point(x0, y0));
    geo::MultiPolygon mp;
    mp.push_back(p);
    return mp;
}

}  // namespace

TEST(Xml, EscapesMarkupQuotesAndLineBreaksInAttributes) {
    EXPECT_EQ(xml_escape("a<b & \"c\" > d"), "a&lt;b &amp; \"c\" &gt; d");
    EXPECT_EQ(xml_escape("\"x\"\n1", true), "&quot;x&quot;&#10;1");
    EXPECT_EQ(xml_escape(std::string("a\x01" "b")), "ab");
    EXPECT_EQ(xml_escape("Växjö"), "Växjö");
    XmlElement e("rule");
    e.set("filter", "\"f\" <= 2").add("x").with_text("1 < 2");
    EXPECT_EQ(e.to_string(), "<rule filter=\"&quot;f&quot; &lt;= 2\">\n  <x>1 &lt; 2</x>\n</rule>\n");
}

TEST(SwedishNumbers, DecimalCommaSpaceGroupsAndMinus) {
    EXPECT_EQ(format_number_sv(1234.5, 1), "1234,5");
    EXPECT_EQ(format_number_sv(12345.678, 1), "12\u00a0345,7");
    EXPECT_EQ(format_number_sv(1234567, 0), "1\u00a0234\u00a0567");
    EXPECT_EQ(format_number_sv(-0.5, 2), "\u22120,50");
    EXPECT_EQ(format_number_sv(-0.04, 1), "0,0");  // rounds to zero: no minus sign
}

TEST(SwedishNumbers, LegendDecimalsKeepBreaksApart) {
    EXPECT_EQ(legend_decimals({120, 250, 300.4, 400}), 0);
    EXPECT_EQ(legend_decimals({12.5, 13, 14, 20}), 1);
    EXPECT_EQ(legend_decimals({1.25, 2.5, 3.75, 5}), 2);
    EXPECT_EQ(legend_decimals({100.2, 100.4, 101, 102}), 1);  // 0 decimals would show "100" twice
}

TEST(Quintiles, LinearInterpolationBetweenOrderStatistics) {
    // 1..11: h = 10 × p, so the cuts are the 3rd, 5th, 7th and 9th values.
    const auto a = quintile_cuts({11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    ASSERT_TRUE(a);
    EXPECT_DOUBLE_EQ((*a)[0], 3);
    EXPECT_DOUBLE_EQ((*a)[1], 5);
    EXPECT_DOUBLE_EQ((*a)[2], 7);
    EXPECT_DOUBLE_EQ((*a)[3], 9);
    // Two values 10 and 20: h = 0.2, 0.4, 0.6, 0.8 → 12, 14, 16, 18. NaN is ignored.
    const auto b = quintile_cuts({20, std::numeric_limits<double>::quiet_NaN(), 10});
    ASSERT_TRUE(b);
    EXPECT_DOUBLE_EQ((*b)[0], 12);
    EXPECT_DOUBLE_EQ((*b)[3], 18);
    EXPECT_FALSE(quintile_cuts({}));
    EXPECT_FALSE(quintile_cuts({std::numeric_limits<double>::quiet_NaN()}));
}

TEST(IndicatorStyle, SwedishQuintileLabelsAndPolarity) {
    const IndicatorStyleInput in{"arbetsloshet", "Arbetslöshet", "%", {1.25, 2.5, 3.75, 5}, Polarity::high_is_good};
    const LayerSymbology s = indicator_symbology(in, "arbetsloshet_orsak");
    EXPECT_EQ(s.title, "Arbetslöshet (%)");
    ASSERT_EQ(s.labels.size(), 5u);
    EXPECT_EQ(s.labels[0], "Lägst 20 % (högst 1,25)");
    EXPECT_EQ(s.labels[1], "20–40 % (1,25–2,50)");
    EXPECT_EQ(s.labels[4], "Högst 20 % (över 5,00)");
    // Higher is better: the lowest class is the worst and gets the darkest colour.
    EXPECT_EQ(s.colours.front(), (Rgb{189, 0, 38}));
    EXPECT_EQ(s.colours.back(), (Rgb{255, 255, 178}));
    const auto worse = indicator_symbology({"x", "X", "", {1, 2, 3, 4}, Polarity::low_is_good});
    EXPECT_EQ(worse.colours.back(), (Rgb{189, 0, 38}));
    EXPECT_EQ(worse.title, "X");
    const auto negative = indicator_symbology({"x", "X", "", {-2, -1, 0.5, 1}, Polarity::neutral});
    EXPECT_EQ(negative.labels[1], "20–40 % (\u22122,00 till \u22121,00)");
    EXPECT_EQ(negative.labels[3], "60–80 % (0,50–1,00)");
}

TEST(IndicatorStyle, RuleFiltersCoverEveryValueOnceAndNullApart) {
    const auto s = indicator_symbology({"andel", "Andel", "%", {1.5, 2, 3, 4}, Polarity::neutral}, "andel_orsak");
    const std::string qml = layer_qml(s);
    EXPECT_EQ(qml.rfind("<!DOCTYPE qgis", 0), 0u);
    EXPECT_NE(qml.find("type=\"RuleRenderer\""), std::string::npos);
    EXPECT_NE(qml.find("filter=\"&quot;andel&quot; &lt;= 1.5\""), std::string::npos);
    EXPECT_NE(qml.find("filter=\"&quot;andel&quot; &gt; 1.5 AND &quot;andel&quot; &lt;= 2\""), std::string::npos);
    EXPECT_NE(qml.find("filter=\"&quot;andel&quot; &gt; 4\""), std::string::npos);
    EXPECT_NE(qml.find("filter=\"&quot;andel&quot; IS NULL AND &quot;andel_orsak&quot; = 'undertryckt'\""), std::string::npos);
    EXPECT_NE(qml.find("filter=\"ELSE\""), std::string::npos);
    EXPECT_EQ(count(qml, "<rule "), 1u + 5u + 2u);  // heading, classes, suppressed, no value
    EXPECT_NE(qml.find("value=\"b_diagonal\""), std::string::npos);  // suppressed is hatched
    EXPECT_NE(qml.find("label=\"Lägst 20 % (högst 1,50)\""), std::string::npos);
    // Without a reason field there is no suppressed rule, only the ELSE rule.
    const auto plain = layer_qml(indicator_symbology({"andel", "Andel", "%", {1.5, 2, 3, 4}, Polarity::neutral}));
    EXPECT_EQ(plain.find("IS NULL"), std::string::npos);
    EXPECT_EQ(count(plain, "<rule "), 1u + 5u + 1u);
    // Without the heading the classes sit directly under the root rule.
    auto flat = indicator_symbology({"andel", "Andel", "%", {1.5, 2, 3, 4}, Polarity::neutral});
    flat.heading = false;
    const auto flat_qml = layer_qml(flat);
    EXPECT_EQ(count(flat_qml, "<rule "), 5u + 1u);
    EXPECT_EQ(flat_qml.find("label=\"Andel (%)\""), std::string::npos);
}

TEST(IndicatorStyle, InconsistentDescriptionIsRejected) {
    LayerSymbology s;
    s.kind = SymbologyKind::graduated;
    s.field = "x";
    s.breaks = {1, 2};
    s.colours = {{1, 1, 1}, {2, 2, 2}};
    s.labels = {"a", "b"};
    EXPECT_THROW(layer_qml(s), std::invalid_argument);  // 2 breaks need 3 classes
    s.colours.pop_back();
    s.labels.pop_back();
    s.breaks = {};
    EXPECT_NO_THROW(layer_qml(s));
}

TEST(LayerStyles, PointsAreLabelledBordersAndOutlineHaveNoFill) {
    LayerSymbology points;
    points.kind = SymbologyKind::points_labelled;
    points.field = "vardcentral";
    const auto p = layer_qml(points);
    EXPECT_NE(p.find("labelsEnabled=\"1\""), std::string::npos);
    EXPECT_NE(p.find("fieldName=\"vardcentral\""), std::string::npos);
    EXPECT_NE(p.find("class=\"SimpleMarker\""), std::string::npos);
    EXPECT_NE(p.find("type=\"singleSymbol\""), std::string::npos);
    points.highlight_filter = "\"pilot\" = 'ja'";
    points.highlight_label = "Teleborg";
    points.others_label = "Övriga";
    const auto h = layer_qml(points);
    EXPECT_NE(h.find("type=\"RuleRenderer\""), std::string::npos);
    EXPECT_NE(h.find("filter=\"&quot;pilot&quot; = 'ja'\" symbol=\"0\" label=\"Teleborg\""), std::string::npos);
    EXPECT_NE(h.find("filter=\"ELSE\" symbol=\"1\" label=\"Övriga\""), std::string::npos);
    EXPECT_NE(h.find("labelsEnabled=\"1\""), std::string::npos);
    LayerSymbology borders, outline;
    borders.kind = SymbologyKind::borders;
    outline.kind = SymbologyKind::outline;
    const auto b = layer_qml(borders);
    EXPECT_NE(b.find("labelsEnabled=\"0\""), std::string::npos);
    EXPECT_NE(b.find("<prop k=\"style\" v=\"no\"/>"), std::string::npos);
    const auto o = layer_qml(outline);
    EXPECT_EQ(count(o, "<prop k=\"style\" v=\"no\"/>"), 2u);  // halo and line, neither filled
    EXPECT_NE(o.find("<prop k=\"outline_width\" v=\"0.8\"/>"), std::string::npos);
}

TEST(PilotQgis, LayersOrderExtentThemesAndStyles) {
    PilotLayers l;
    l.deso.name = "deso";
    l.deso.fields = {{"desokod", geo::FieldType::String}, {"andel", geo::FieldType::Real}, {"andel_orsak", geo::FieldType::String},
                     {"antal", geo::FieldType::Real}};
    l.deso.features.push_back({1, {std::string("0780A0010"), 1.0, geo::Value{}, 2.0}, square(0, 0, 500)});
    l.catchment.name = "upptagningsomrade";
    l.catchment.features.push_back({1, {}, square(0, 0, 20000)});
    l.centres.name = "vardcentraler";
    l.centres.fields = {{"vardcentral", geo::FieldType::String}};
    l.centres.features.push_back({1, {std::string("Teleborg")}, geo::Point(100, 100)});
    l.kommuner = geo::Layer{};
    l.kommuner->name = "kommuner";
    const std::vector<IndicatorStyleInput> inds = {{"andel", "Andel & mer", "%", {1, 2, 3, 4}, Polarity::neutral},
                                                   {"saknas_i_lagret", "Saknas", "", {1, 2, 3, 4}, Polarity::neutral},
                                                   {"antal", "Antal", "", {1, 2, 3, 4}, Polarity::neutral}};
    const PilotQgis q = pilot_qgis("teleborg", "Teleborg vårdcentral", l, inds);

    // Default styles for every layer; the deso default is the first indicator's.
    ASSERT_EQ(q.gpkg_styles.size(), 4u);
    EXPECT_EQ(q.gpkg_styles[3].layer, "deso");
    EXPECT_NE(q.gpkg_styles[3].qml.find("andel_orsak"), std::string::npos);
    EXPECT_EQ(q.qml.size(), 4u);

    const auto& p = q.project;
    ASSERT_EQ(p.layers.size(), 5u);  // the indicator missing from the layer is skipped
    EXPECT_EQ(p.layers[0].id, "omrade_vardcentraler");
    EXPECT_EQ(p.layers[1].id, "omrade_upptagningsomrade");
    EXPECT_EQ(p.layers[2].id, "omrade_kommuner");
    EXPECT_EQ(p.layers[3].source, "./teleborg.gpkg|layername=deso");
    EXPECT_TRUE(p.layers[3].visible);
    EXPECT_FALSE(p.layers[3].symbology.heading);  // the layer name is the title
    EXPECT_NE(q.gpkg_styles[3].qml.find("label=\"Andel &amp; mer (%)\""), std::string::npos);
    EXPECT_FALSE(p.layers[4].visible);
    // 8 % margin of 20 km = 1 600 m around the catchment.
    EXPECT_DOUBLE_EQ(p.extent.xmin, -1600);
    EXPECT_DOUBLE_EQ(p.extent.ymax, 21600);
    ASSERT_EQ(p.themes.size(), 2u);
    EXPECT_EQ(p.themes[0].name, "Andel & mer (%)");
    EXPECT_EQ(p.themes[1].visible_layers, (std::vector<std::string>{"omrade_vardcentraler", "omrade_upptagningsomrade", "omrade_kommuner", "omrade_deso_antal"}));

    const std::string xml = qgis_project_xml(p);
    EXPECT_NE(xml.find("<datasource>./teleborg.gpkg|layername=vardcentraler</datasource>"), std::string::npos);
    EXPECT_NE(xml.find("<authid>EPSG:3006</authid>"), std::string::npos);
    EXPECT_NE(xml.find("<Absolute type=\"bool\">false</Absolute>"), std::string::npos);
    EXPECT_NE(xml.find("mutually-exclusive=\"1\" mutually-exclusive-child=\"0\""), std::string::npos);
    EXPECT_NE(xml.find("<visibility-preset name=\"Andel &amp; mer (%)\">"), std::string::npos);
    EXPECT_NE(xml.find("<DefaultViewExtent xmin=\"-1600\" ymin=\"-1600\" xmax=\"21600\" ymax=\"21600\">"), std::string::npos);
    // Drawing order top → bottom.
    EXPECT_LT(xml.find("<layer id=\"omrade_vardcentraler\"/>"), xml.find("<layer id=\"omrade_upptagningsomrade\"/>"));
    EXPECT_LT(xml.find("<layer id=\"omrade_kommuner\"/>"), xml.find("<layer id=\"omrade_deso_andel\"/>"));
}

TEST(PilotQgis, QuintileInputsFromColumnsSkipSparseColumns) {
    AreaColumn dense{"a", geo::FieldType::Real, {}};
    for (int i = 1; i <= 11; ++i) dense.values.emplace_back(static_cast<double>(i));
    dense.values.emplace_back();  // NULL
    AreaColumn sparse{"b", geo::FieldType::Real, {1.0, 2.0, geo::Value{}}};
    AreaColumn text{"c", geo::FieldType::String, {std::string("x")}};
    const auto inputs = quintile_style_inputs({dense, sparse, text});
    ASSERT_EQ(inputs.size(), 1u);
    EXPECT_EQ(inputs[0].field, "a");
    EXPECT_DOUBLE_EQ(inputs[0].cuts[0], 3);
    EXPECT_DOUBLE_EQ(inputs[0].cuts[3], 9);
}

TEST(QgisProject, EngineStylesSkipCountsAndOpenOnDeprivation) {
    ProfileSet set;
    set.deprivation = "low_econ";
    auto add = [&set](const char* id, IndicatorType type, std::vector<double> cuts) {
        IndicatorProfile ip;
        ip.indicator.id = id;
        ip.indicator.name = id;
        ip.indicator.type = type;
        ip.quintile_cuts = std::move(cuts);
        set.indicators.push_back(std::move(ip));
    };
    add("pop", IndicatorType::count, {1, 2, 3, 4});
    add("diabetes", IndicatorType::proportion, {1, 2, 3, 4});
    add("few", IndicatorType::proportion, {});  // under five published DeSO values: no cuts
    add("low_econ", IndicatorType::mean, {5, 9, 12, 16});
    const auto styles = style_inputs(set);
    ASSERT_EQ(styles.size(), 2u);
    EXPECT_EQ(styles[0].field, "low_econ");
    EXPECT_EQ(styles[1].field, "diabetes");
    EXPECT_EQ(styles[0].cuts[3], 16);
}
