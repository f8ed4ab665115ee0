// The printable report: Swedish number format, escaping, SVG geometry, absent values, labels.
#include "profiles/build.hpp"
#include "profiles/engine/profile.hpp"
#include "profiles/engine/sensitivity.hpp"
#include "profiles/input/config.hpp"
#include "profiles/input/table.hpp"
#include "profiles/inputs.hpp"
#include "profiles/output/pilot_layers.hpp"
#include "profiles/output/profile_io.hpp"
#include "profiles/report/fill.hpp"
#include "profiles/report/html.hpp"
#include "profiles/report/markup.hpp"
#include "profiles/report/svg.hpp"
#include "profiles/report/swedish_format.hpp"
#include "test_config.hpp"

#include <boost/geometry.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <string>

using namespace omrade;
using namespace omrade::profiles;
namespace rep = omrade::profiles::report;

namespace {

const std::string nb = "\u00A0";
const std::string minus = "\u2212";

geo::MultiPolygon square(double x0, double y0, double side) {
    geo::MultiPolygon mp;
    mp.resize(1);
    auto& ring = mp[0].outer();
    for (const auto& [x, y] : {std::pair{x0, y0}, {x0, y0 + side}, {x0 + side, y0 + side}, {x0 + side, y0}, {x0, y0}}) {
        ring.push_back(geo::Point(x, y));
    }
    boost::geometry::correct(mp);
    return mp;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + needle.size())) ++n;
    return n;
}

// A small report: three DeSOs of 1 km² in a row in SWEREF 99 TM, the middle one is the catchment.
rep::ReportInput small_report(bool synthetic) {
    rep::ReportInput in;
    in.title = "Testprofiler";
    in.region = "Region Test";
    in.pilot_id = "p";
    in.pilot_title = "Pilot <Test> & Co";
    in.care_centre = "Testcentralen";
    in.provenance.synthetic = synthetic;
    in.provenance.built = "2026-11-30";
    in.provenance.area_division = "DeSO2025";
    in.provenance.inputs = {{"befolkning", "data/bef.csv", std::string(64, 'a')}};
    in.key_figures = {{"Invånare i området", rep::Cell::of(12345.6), "", 0, ""}};
    rep::IndicatorRow ok;
    ok.name = "Låg ekonomisk standard";
    ok.unit = "%";
    ok.value = rep::Cell::of(12.345);
    ok.county = rep::Cell::of(14.0);
    ok.target = "minst 80 %";
    ok.target_status = "ej uppnått";
    rep::IndicatorRow hidden;
    hidden.name = "Diabetes";
    hidden.unit = "%";
    hidden.value = {std::nullopt, rep::CellStatus::suppressed, {}};
    rep::IndicatorRow missing;
    missing.name = "Fetma";
    missing.unit = "%";
    missing.value = {std::nullopt, rep::CellStatus::missing, {}};
    in.domains = {{"Hälsa", {ok, hidden, missing}}};
    in.map_areas = {{"0780C0001", square(480000, 6300000, 1000), false},
                    {"0780C0002", square(481000, 6300000, 1000), true},
                    {"0780C0003", square(482000, 6300000, 1000), false}};
    in.catchment = in.map_areas[1].geometry;
    in.centres = {{"Testcentralen", geo::Point(481500, 6300500), true}};
    rep::MapLayer layer;
    layer.title = "Karta";
    layer.cuts = {10, 20};
    layer.classes = {1, 2, 0};
    layer.statuses = {rep::CellStatus::ok, rep::CellStatus::ok, rep::CellStatus::suppressed};
    in.maps = {layer};
    return in;
}

// A catchment like Teleborg's: one 30 km rural square and a 3 × 3 grid of 300 m town squares at
// its north-east corner, the pilot's vårdcentral in the middle of the town. The centre town square
// is suppressed.
rep::ReportInput mixed_sizes_report() {
    rep::ReportInput in;
    in.map_areas.push_back({"R", square(400000, 6300000, 30000), true});
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col) {
            in.map_areas.push_back({fmt::format("T{}{}", row, col), square(430000 + 300.0 * col, 6329100 + 300.0 * row, 300), true});
        }
    }
    for (const auto& a : in.map_areas) {
        geo::MultiPolygon merged;
        boost::geometry::union_(in.catchment, a.geometry, merged);
        in.catchment = merged;
    }
    in.centres = {{"Stadscentralen", geo::Point(430450, 6329550), true}};
    rep::MapLayer layer;
    layer.title = "Karta";
    layer.cuts = {10, 20};
    for (std::size_t i = 0; i < in.map_areas.size(); ++i) {
        layer.classes.push_back(i == 5 ? 0 : static_cast<int>(i % 3) + 1);
        layer.statuses.push_back(i == 5 ? rep::CellStatus::suppressed : rep::CellStatus::ok);
    }
    in.maps = {layer};
    return in;
}

std::vector<std::pair<double, double>> coordinates(const std::string& svg_part) {
    std::vector<std::pair<double, double>> out;
    const std::regex path("d=\"([^\"]+)\"");
    const std::regex pair("([0-9.\\-]+) ([0-9.\\-]+)");
    for (auto p = std::sregex_iterator(svg_part.begin(), svg_part.end(), path); p != std::sregex_iterator(); ++p) {
        const std::string d = (*p)[1];
        for (auto it = std::sregex_iterator(d.begin(), d.end(), pair); it != std::sregex_iterator(); ++it) {
            out.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
        }
    }
    return out;
}

}  // namespace

TEST(SwedishFormat, ThousandsSeparatorAndDecimalComma) {
    EXPECT_EQ(format_number(12345.678, 1), "12" + nb + "345,7");
    EXPECT_EQ(format_number(1234567, 0), "1" + nb + "234" + nb + "567");
    EXPECT_EQ(format_number(999.95, 1), "1" + nb + "000,0");  // rounding carries into a new group
    EXPECT_EQ(format_number(123, 0), "123");
    EXPECT_EQ(format_number(0.5, 2), "0,50");
    EXPECT_EQ(format_number(-1234.5, 1), minus + "1" + nb + "234,5");
    EXPECT_EQ(format_number(-0.04, 1), "0,0");  // no "−0,0"
    EXPECT_EQ(format_number(std::nan(""), 1), "");
}

TEST(SwedishFormat, PercentAndUnits) {
    EXPECT_EQ(format_percent(12.34, 1), "12,3" + nb + "%");
    EXPECT_EQ(format_with_unit(12.34, "%", 1), "12,3" + nb + "%");
    EXPECT_EQ(format_with_unit(2500, "per 100 000", 0), "2" + nb + "500" + nb + "per 100 000");
    EXPECT_EQ(format_with_unit(7.26, "", 1), "7,3");
}

TEST(SwedishFormat, LongDates) {
    EXPECT_EQ(format_date_long("2026-11-30"), "30 november 2026");
    EXPECT_EQ(format_date_long("2025-05-01"), "1 maj 2025");
    EXPECT_EQ(format_date_long("maj 2025"), "maj 2025");
}

TEST(Markup, EscapesTextAndAttributes) {
    EXPECT_EQ(escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    Markup m;
    m.element("td", "a < b", {{"title", "\"q\""}});
    EXPECT_EQ(m.str(), "<td title=\"&quot;q&quot;\">a &lt; b</td>");
}

TEST(ReportSvg, FrameKeepsScaleAndCentresTheExtent) {
    const rep::MapFrame frame(geo::Box({0, 0}, {1000, 500}), 200, 200);
    // 1000 m wide into 200 units: 5 m per unit in both directions.
    EXPECT_DOUBLE_EQ(frame.metres_per_unit(), 5.0);
    const auto a = frame.to_svg({0, 0}), b = frame.to_svg({1000, 500});
    EXPECT_DOUBLE_EQ(a.x(), 0);
    EXPECT_DOUBLE_EQ(b.x(), 200);
    EXPECT_DOUBLE_EQ(a.y() - b.y(), 100);      // y grows downwards, 500 m = 100 units
    EXPECT_DOUBLE_EQ((a.y() + b.y()) / 2, 100);  // centred vertically
}

TEST(ReportSvg, CatchmentAndPointLieInsideTheViewBox) {
    const auto in = small_report(false);
    const std::string svg = rep::svg_choropleth(in, in.maps[0], "k1");
    std::smatch vb;
    ASSERT_TRUE(std::regex_search(svg, vb, std::regex("viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"")));
    const double map_w = 520, h = std::stod(vb[2]);
    std::smatch path;
    ASSERT_TRUE(std::regex_search(svg, path, std::regex("<path d=\"([^\"]+)\" class=\"upptagning\"")));
    const std::string d = path[1];
    const std::regex pair("([0-9.\\-]+) ([0-9.\\-]+)");
    std::size_t points = 0;
    double minx = 1e9, maxx = -1e9, miny = 1e9, maxy = -1e9;
    for (auto it = std::sregex_iterator(d.begin(), d.end(), pair); it != std::sregex_iterator(); ++it) {
        const double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
        minx = std::min(minx, x), maxx = std::max(maxx, x), miny = std::min(miny, y), maxy = std::max(maxy, y);
        ++points;
    }
    EXPECT_GE(points, 4u);
    EXPECT_GT(minx, 0);
    EXPECT_LT(maxx, map_w);
    EXPECT_GT(miny, 0);
    EXPECT_LT(maxy, h);
    // A square stays a square: equal scale in x and y.
    EXPECT_NEAR(maxx - minx, maxy - miny, 0.2);
    // The pilot's point is the centre of the catchment square.
    std::smatch c;
    ASSERT_TRUE(std::regex_search(svg, c, std::regex("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\" r=\"7\"")));
    EXPECT_NEAR(std::stod(c[1]), (minx + maxx) / 2, 0.2);
    EXPECT_NEAR(std::stod(c[2]), (miny + maxy) / 2, 0.2);
    // Suppressed DeSO: hatched, with the legend entry.
    EXPECT_NE(svg.find("url(#k1-streck)"), std::string::npos);
    EXPECT_NE(svg.find(">undertryckt<"), std::string::npos);
}

TEST(ReportSvg, ClassLabelsAreSwedish) {
    rep::MapLayer l;
    l.cuts = {10, 20.26};
    l.decimals = 1;
    auto labels = rep::class_labels(l);
    ASSERT_EQ(labels.size(), 3u);
    EXPECT_EQ(labels[0], "under 10,0");
    EXPECT_EQ(labels[1], "10,0\u201320,3");
    EXPECT_EQ(labels[2], "20,3 och mer");
    l.low = 5;
    l.high = 30;
    labels = rep::class_labels(l);
    EXPECT_EQ(labels[0], "5,0\u201310,0");
    EXPECT_EQ(labels[2], "20,3\u201330,0");
}

TEST(ReportSvg, InsetEnlargesTheClusterOfSmallDesosInsideItsFrame) {
    const auto in = mixed_sizes_report();
    const std::string svg = rep::svg_choropleth(in, in.maps[0], "k2");
    const auto begin = svg.find("<g class=\"inset\">");
    ASSERT_NE(begin, std::string::npos);
    const auto end = svg.find("class=\"inset-ram\"", begin);
    ASSERT_NE(end, std::string::npos);
    const std::string inset = svg.substr(begin, svg.find("/>", end) - begin);

    std::smatch f;
    ASSERT_TRUE(std::regex_search(inset, f, std::regex("<rect x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" "
                                                         "height=\"([0-9.]+)\" class=\"inset-ram\"")));
    const double fx = std::stod(f[1]), fy = std::stod(f[2]), fw = std::stod(f[3]), fh = std::stod(f[4]);
    // 40 % of the 520 units wide map, in a corner of the map.
    EXPECT_NEAR(fw, 208, 0.1);
    EXPECT_GE(fx, 0);
    EXPECT_GE(fy, 0);
    EXPECT_LE(fx + fw, 520);
    EXPECT_LE(fy + fh, 440);
    // The inset's polygons are cut to its frame; 3 units of margin keep the strokes at the edge
    // outside the clip.
    const auto points = coordinates(inset);
    EXPECT_GT(points.size(), 9u * 4u);
    for (const auto& [x, y] : points) {
        EXPECT_GE(x, fx - 3.1);
        EXPECT_LE(x, fx + fw + 3.1);
        EXPECT_GE(y, fy - 3.1);
        EXPECT_LE(y, fy + fh + 3.1);
    }
    // The town (900 m) plus 300 m on each side: 1 500 m square, the frame is square too (208 × 208
    // is inside the 30–50 % of the height the frame may take). The vårdcentral is its centre.
    EXPECT_NEAR(fh, 208, 0.1);
    std::smatch c;
    ASSERT_TRUE(std::regex_search(inset, c, std::regex("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\" r=\"7\"")));
    EXPECT_NEAR(std::stod(c[1]), fx + fw / 2, 0.1);
    EXPECT_NEAR(std::stod(c[2]), fy + fh / 2, 0.1);
    // A town square is 300 m of 1 500 m: a fifth of the frame; the suppressed one is hatched.
    std::smatch t;
    ASSERT_TRUE(std::regex_search(inset, t, std::regex("<path d=\"([^\"]+)\" fill=\"url\\(#k2-streck\\)\"")));
    const auto hatched = coordinates(t[0].str());
    double minx = 1e9, maxx = -1e9;
    for (const auto& [x, y] : hatched) minx = std::min(minx, x), maxx = std::max(maxx, x);
    EXPECT_NEAR(maxx - minx, fw / 5, 0.2);
    // Its own scale bar: a quarter of 1 500 m rounds down to 200 m (the main map's is in km).
    EXPECT_NE(inset.find(">200" + nb + "m<"), std::string::npos);
    EXPECT_NE(inset.find("clip-path=\"url(#k2-klipp-inset)\""), std::string::npos);

    // The marked area on the main map shows the same 1 500 m square as the inset and holds the town.
    const rep::MapFrame main(rep::map_extent(in), 520, 440);
    std::smatch r;
    ASSERT_TRUE(std::regex_search(svg, r, std::regex("<rect x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" "
                                                       "height=\"([0-9.]+)\" class=\"inset-ruta\"")));
    const double rx = std::stod(r[1]), ry = std::stod(r[2]), rw = std::stod(r[3]), rh = std::stod(r[4]);
    EXPECT_NEAR(rw, 1500 / main.metres_per_unit(), 0.15);
    EXPECT_NEAR(rh, 1500 / main.metres_per_unit(), 0.15);
    const auto sw = main.to_svg({430000, 6329100}), ne = main.to_svg({430900, 6330000});
    EXPECT_LT(rx, sw.x());
    EXPECT_GT(rx + rw, ne.x());
    EXPECT_LT(ry, ne.y());
    EXPECT_GT(ry + rh, sw.y());
    // The inset does not cover the area it enlarges.
    EXPECT_TRUE(rx + rw < fx || rx > fx + fw || ry + rh < fy || ry > fy + fh);
    EXPECT_NE(svg.find(">förstorat i rutan<"), std::string::npos);
}

TEST(ReportSvg, NoInsetForSimilarSizesOneTownDesoOrScatteredSmallDesos) {
    auto in = mixed_sizes_report();
    // Five similar 2 km DeSOs in a row.
    rep::ReportInput similar = in;
    similar.map_areas.clear();
    similar.catchment.clear();
    for (int i = 0; i < 5; ++i) similar.map_areas.push_back({fmt::format("S{}", i), square(480000 + 2000.0 * i, 6300000, 2000), true});
    similar.centres = {{"Mitten", geo::Point(485000, 6301000), true}};
    std::string svg = rep::svg_choropleth(similar, similar.maps[0], "k3");
    EXPECT_EQ(svg.find("inset"), std::string::npos);
    EXPECT_EQ(svg.find("förstorat"), std::string::npos);

    // One town square among four rural ones: a visible patch, not most of the residents.
    rep::ReportInput one_town = in;
    one_town.map_areas.resize(2);
    for (int i = 1; i < 4; ++i) one_town.map_areas.push_back({fmt::format("R{}", i), square(400000 - 30000.0 * i, 6300000, 30000), true});
    one_town.catchment.clear();
    svg = rep::svg_choropleth(one_town, one_town.maps[0], "k4");
    EXPECT_EQ(svg.find("inset"), std::string::npos);

    // Small DeSOs at opposite corners of the rural one: their box is the whole map.
    rep::ReportInput scattered = in;
    for (int i = 0; i < 3; ++i) scattered.map_areas[1 + static_cast<std::size_t>(i)].geometry = square(400000 + 300.0 * i, 6300000, 300);
    scattered.catchment.clear();
    EXPECT_FALSE(rep::inset_extent(scattered, rep::MapFrame(rep::map_extent(scattered), 520, 440).extent()));
    EXPECT_TRUE(rep::inset_extent(in, rep::MapFrame(rep::map_extent(in), 520, 440).extent()));
}

TEST(ReportHtml, SuppressedIsADashWithAFootnoteAndNotMissingOrZero) {
    const std::string html = rep::render_report_html(small_report(false));
    // The suppressed row: a dash with footnote 1; the footnote says why.
    EXPECT_NE(html.find("<span title=\"undertryckt\">\u2013</span><sup>1</sup>"), std::string::npos);
    EXPECT_NE(html.find("undertryckt (färre än 5 händelser eller en nämnare under 50"), std::string::npos);
    // The missing row says so in words.
    EXPECT_NE(html.find("<span class=\"svag\">saknas</span>"), std::string::npos);
    // Values in Swedish format.
    EXPECT_NE(html.find("12,3" + nb + "%"), std::string::npos);
    EXPECT_NE(html.find("12" + nb + "346"), std::string::npos);
    // Target column with status, only because a row has a target.
    EXPECT_NE(html.find("<th>Målvärde</th>"), std::string::npos);
    EXPECT_NE(html.find("minst 80 %: ej uppnått"), std::string::npos);
    // Escaped pilot title.
    EXPECT_NE(html.find("Pilot &lt;Test&gt; &amp; Co"), std::string::npos);
    EXPECT_EQ(html.find("Pilot <Test>"), std::string::npos);
}

TEST(ReportHtml, DemoLabelOnlyWithSyntheticData) {
    const std::string label = "SYNTETISKA DEMODATA – inte verkliga hälsodata";
    EXPECT_GE(count(rep::render_report_html(small_report(true)), label), 2u);
    EXPECT_EQ(count(rep::render_report_html(small_report(false)), label), 0u);
}

TEST(ReportHtml, SelfContained) {
    const std::string html = rep::render_report_html(small_report(true));
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find(" src="), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("@import"), std::string::npos);
    EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
}

TEST(ReportIndex, LinksEachPilotAndMarksMissingCatchments) {
    rep::IndexInput x;
    x.title = "Översikt";
    x.pilots = {{"teleborg", "Teleborg vårdcentral", {}, {{"Områdesprofil", "teleborg/profil.html"}}}};
    x.columns = {{"Invånare", "", 0}};
    x.centres = {{"Teleborg", "Växjö", true, {rep::Cell::of(20000)}},
                 {"Annan", "Växjö", false, {{std::nullopt, rep::CellStatus::missing, "inget upptagningsområde"}}}};
    const std::string html = rep::render_index_html(x);
    EXPECT_NE(html.find("href=\"teleborg/profil.html\""), std::string::npos);
    EXPECT_NE(html.find("20" + nb + "000"), std::string::npos);
    EXPECT_NE(html.find("saknas"), std::string::npos);
}

TEST(Quantiles, Type6AsR) {
    // R: quantile(1:10, c(.25, .5, .75), type = 6) = 2.75 5.50 8.25
    const auto q = rep::quantile_cuts_type6({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 4);
    ASSERT_EQ(q.size(), 3u);
    EXPECT_DOUBLE_EQ(q[0], 2.75);
    EXPECT_DOUBLE_EQ(q[1], 5.5);
    EXPECT_DOUBLE_EQ(q[2], 8.25);
    // R: quantile(c(1, 2, 4, 8, 16), seq(.2, .8, .2), type = 6) = 1.2 2.8 6.4 14.4
    const auto k = rep::quantile_cuts_type6({1, 2, 4, 8, 16}, 5);
    ASSERT_EQ(k.size(), 4u);
    EXPECT_DOUBLE_EQ(k[0], 1.2);
    EXPECT_NEAR(k[1], 2.8, 1e-12);
    EXPECT_NEAR(k[2], 6.4, 1e-12);
    EXPECT_NEAR(k[3], 14.4, 1e-12);
}

// ---- The report filled from the indicator engine on the demo data ----

namespace {

// Swedish rendering written here with printf, independent of format_number (values below 1 000).
std::string sv(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string t = buf;
    for (auto& c : t) {
        if (c == '.') c = ',';
    }
    return t;
}

struct Demo {
    Inputs in;
    Catalogue catalogue;
    ProfileSet set;
    std::size_t pilot = 0;
    std::vector<SensitivityRow> sensitivity;
    rep::ReportInput report;
    std::string html;
};

const Demo& demo() {
    static const Demo d = [] {
        Demo x{load_inputs(load_config(std::string(test::kronoberg_dir) + "/omrade.toml"), true), {}, {}, 0, {}, {}, {}};
        x.catalogue = load_catalogue(x.in.config.catalogue);
        // These tests check how the report carries the engine's values, not the SII simulation
        // (tests/unit/profiles/stats/test_sii.cpp): phe_sii's minimum keeps them fast.
        x.catalogue.sii_repetitions = 1000;
        x.set = compute_profiles(x.in, x.catalogue);
        while (x.in.config.pilots.at(x.pilot).id != "teleborg") ++x.pilot;
        const PilotLayers layers = make_pilot_layers(x.in, x.pilot, profile_columns(x.set, x.in.areas.size()), shared_layers(x.in));
        x.sensitivity = catchment_sensitivity(x.in, x.in.pilot_vcs.at(x.pilot));
        const rep::EngineResult engine{&x.set, &x.catalogue, provenance(x.in, x.in.config.catalogue, "test", true)};
        x.report = rep::pilot_report(x.in, x.pilot, layers, engine, x.sensitivity);
        x.html = rep::render_report_html(x.report);
        return x;
    }();
    return d;
}

const rep::IndicatorRow* row_of(const rep::ReportInput& r, const std::string& id) {
    for (const auto& d : r.domains) {
        for (const auto& row : d.rows) {
            if (row.id == id) return &row;
        }
    }
    return nullptr;
}

// The <td> contents of the DeSO table row of `code`.
std::vector<std::string> deso_row_cells(const std::string& html, const std::string& code) {
    const auto table = html.find("<table class=\"deso\">");
    const auto start = html.find("<td class=\"kod\">" + code + "</td>", table);
    if (table == std::string::npos || start == std::string::npos) return {};
    const auto end = html.find("</tr>", start);
    std::vector<std::string> cells;
    for (auto p = start; p < end;) {
        const auto open = html.find("<td", p);
        if (open >= end) break;
        const auto body = html.find('>', open) + 1;
        const auto close = html.find("</td>", body);
        cells.push_back(html.substr(body, close - body));
        p = close + 5;
    }
    return cells;
}

}  // namespace

TEST(ReportFromEngine, EveryCatalogueIndicatorInItsDomain) {
    const Demo& d = demo();
    ASSERT_EQ(d.catalogue.indicators.size(), 24u);  // the demo catalogue without capital_inc
    std::size_t rows = 0;
    for (const auto& dom : d.report.domains) rows += dom.rows.size();
    EXPECT_EQ(rows, d.catalogue.indicators.size());
    for (const auto& ind : d.catalogue.indicators) {
        const auto* row = row_of(d.report, ind.id);
        ASSERT_NE(row, nullptr) << ind.id;
        EXPECT_EQ(row->name, ind.name);
        EXPECT_NE(d.html.find(escape_html(ind.name)), std::string::npos) << ind.id;
        bool in_domain = false;
        for (const auto& dom : d.report.domains) {
            if (dom.name.rfind(ind.domain, 0) == 0) {
                for (const auto& r : dom.rows) in_domain = in_domain || r.id == ind.id;
            }
        }
        EXPECT_TRUE(in_domain) << ind.id << " not under " << ind.domain;
    }
}

TEST(ReportFromEngine, PilotValueCiAndComparisonAreTheEngines) {
    const Demo& d = demo();
    const std::size_t area = *d.set.pilot_area(d.pilot);
    std::size_t with_ci = 0;
    for (const auto& p : d.set.indicators) {
        const auto* row = row_of(d.report, p.indicator.id);
        ASSERT_NE(row, nullptr);
        const AreaValue& v = p.sexes.at(0).areas.at(area);
        const AreaValue& county = p.sexes.at(0).areas.at(d.set.county_area());
        ASSERT_EQ(row->value.value.has_value(), v.ci95.status == ValueStatus::ok) << p.indicator.id;
        if (row->value.value) {
            EXPECT_EQ(*row->value.value, *v.ci95.value);
        }
        EXPECT_EQ(row->county.value, county.ci95.value);
        EXPECT_EQ(row->deso_min, v.deso_min);
        EXPECT_EQ(row->deso_max, v.deso_max);
        const Rating rating = p.indicator.comparison_confidence > 0.99 ? v.rating998 : v.rating95;
        EXPECT_EQ(row->comparison_colour, rating_colour(rating)) << p.indicator.id;
        if (rating != Rating::not_compared) {
            EXPECT_EQ(row->comparison.rfind(rating_text(rating), 0), 0u) << row->comparison;
        }
        if (v.ci95.lower && v.ci95.upper) {
            ++with_ci;
            // The printed interval: the engine's limits rounded, decimal comma, en dash; the
            // 99.8 % limits when the colour comes from a 99.8 % comparison.
            const int dec = p.indicator.unit == "%" ? 1 : 0;
            const Estimate& shown = p.indicator.comparison_confidence > 0.99 ? v.ci998 : v.ci95;
            const std::string ci = sv(*shown.lower, dec) + "\u2013" + sv(*shown.upper, dec);
            EXPECT_NE(d.html.find("<td class=\"num\">" + ci + "</td>"), std::string::npos) << p.indicator.id << " " << ci;
            if (p.indicator.unit == "%") {
                EXPECT_NE(d.html.find(sv(*v.ci95.value, 1) + nb + "%"), std::string::npos) << p.indicator.id;
            }
        }
    }
    EXPECT_GE(with_ci, 7u);  // the synthetic health indicators have counts and intervals
    // Influenza vaccination has a target (at least 75 %): the engine's status is printed.
    const auto* flu = row_of(d.report, "influensavacc_65");
    ASSERT_NE(flu, nullptr);
    EXPECT_EQ(flu->target, "minst 75" + nb + "%");
    EXPECT_FALSE(flu->target_status.empty());
    EXPECT_NE(d.html.find("minst 75" + nb + "%: " + flu->target_status), std::string::npos);
    // Premature mortality is compared at 99.8 %, and the report says so.
    const auto* dsr = row_of(d.report, "fortida_dodlighet");
    ASSERT_NE(dsr, nullptr);
    if (dsr->comparison != "ej jämförd") {
        EXPECT_NE(dsr->comparison.find("99,8"), std::string::npos);
    }
}

TEST(ReportFromEngine, SuppressedDesoValuesAreADashAndNeverTheirNumber) {
    const Demo& d = demo();
    // The DeSO table's diabetes column; its raw values computed here from demo_halsa.csv.
    std::size_t column = 0;
    while (column < d.report.deso_columns.size() && d.report.deso_columns[column].name.rfind("Diagnostiserad diabetes", 0) != 0) ++column;
    ASSERT_LT(column, d.report.deso_columns.size());
    std::size_t diabetes = 0;
    while (d.set.indicators.at(diabetes).indicator.id != "diabetes") ++diabetes;
    const auto& p = d.set.indicators[diabetes];
    std::map<std::string, double> raw;
    const auto health = read_table(std::string(test::kronoberg_dir) + "/demo_halsa.csv");
    for (const auto& row : health.rows) {
        const auto& c = row.cells;
        if (c[1] == "diabetes" && c[2] == std::to_string(*p.year) && c[3] == "totalt" && c[4] == "totalt") {
            raw[c[0]] = 100.0 * std::stod(c[5]) / std::stod(c[6]);
        }
    }
    std::size_t suppressed = 0, shown = 0;
    for (const auto& [a, w] : d.set.areas[*d.set.pilot_area(d.pilot)].members) {
        const std::string& code = d.in.areas.areas[a].code;
        const auto cells = deso_row_cells(d.html, code);
        ASSERT_EQ(cells.size(), 4 + d.report.deso_columns.size()) << code;
        const std::string& cell = cells[4 + column];
        const std::string number = sv(raw.at(code), 1);
        if (p.sexes[0].deso[a].ci95.status == ValueStatus::suppressed) {
            ++suppressed;
            EXPECT_NE(cell.find("<span title=\"undertryckt\">\u2013</span>"), std::string::npos) << code << ": " << cell;
            EXPECT_EQ(cell.find(number), std::string::npos) << code << " leaks " << number;
        } else {
            ++shown;
            EXPECT_EQ(cell, number) << code;
        }
    }
    EXPECT_GE(suppressed, 1u);  // the demo data has suppressed diabetes DeSOs in Teleborg
    EXPECT_GE(shown, 1u);
    EXPECT_NE(d.html.find("undertryckt (färre än 5 händelser eller en nämnare under 50"), std::string::npos);
}

TEST(ReportFromEngine, MapsUseTheEnginesCountyQuintilesAndHatchSuppressed) {
    const Demo& d = demo();
    ASSERT_FALSE(d.report.maps.empty());
    for (const auto& map : d.report.maps) {
        const IndicatorProfile* p = nullptr;
        for (const auto& ip : d.set.indicators) {
            if (map.title.rfind(ip.indicator.name + ",", 0) == 0) p = &ip;
        }
        ASSERT_NE(p, nullptr) << map.title;
        EXPECT_EQ(map.cuts, p->quintile_cuts);
        ASSERT_EQ(map.classes.size(), d.in.areas.size());
        for (std::size_t a = 0; a < d.in.areas.size(); ++a) {
            const auto& e = p->sexes[0].deso[a].ci95;
            if (e.status == ValueStatus::ok) {
                // Class = 1 + the number of county cuts at or below the value.
                int k = 1;
                for (const double c : p->quintile_cuts) k += c <= *e.value ? 1 : 0;
                EXPECT_EQ(map.classes[a], k) << d.in.areas.areas[a].code;
            } else {
                EXPECT_EQ(map.classes[a], 0);
                EXPECT_EQ(map.statuses[a] == rep::CellStatus::suppressed, e.status == ValueStatus::suppressed);
            }
        }
    }
}

TEST(ReportFromEngine, SpineSensitivityKeyFiguresAndNotes) {
    const Demo& d = demo();
    // Spine chart: county distribution of the engine's published DeSO values.
    for (const auto& p : d.set.indicators) {
        const auto* row = row_of(d.report, p.indicator.id);
        double lo = 1e300, hi = -1e300;
        std::size_t n = 0;
        for (const auto& dv : p.sexes[0].deso) {
            if (dv.ci95.status != ValueStatus::ok) continue;
            lo = std::min(lo, *dv.ci95.value);
            hi = std::max(hi, *dv.ci95.value);
            ++n;
        }
        if (n == 0) {
            EXPECT_FALSE(row->county_min.has_value());
            continue;
        }
        EXPECT_EQ(*row->county_min, lo) << p.indicator.id;
        EXPECT_EQ(*row->county_max, hi) << p.indicator.id;
        EXPECT_LE(*row->county_q1, *row->county_q3);
    }
    // Sensitivity: every row of catchment_sensitivity, the configured one first and marked.
    ASSERT_EQ(d.report.sensitivity.size(), d.sensitivity.size());
    ASSERT_GE(d.sensitivity.size(), 2u);
    for (std::size_t i = 0; i < d.sensitivity.size(); ++i) {
        if (d.sensitivity[i].deso_count == 0) continue;
        EXPECT_EQ(*d.report.sensitivity[i].cells.at(0).value, d.sensitivity[i].population);
        for (std::size_t f = 0; f < sensitivity_figures.size(); ++f) {
            EXPECT_EQ(d.report.sensitivity[i].cells.at(2 + f).value, d.sensitivity[i].figures.at(f));
        }
    }
    // Key figures: population by hand from the demo files; headline indicators from the engine.
    std::set<std::string> desos;
    const auto table = read_table(std::string(test::kronoberg_dir) + "/demo_omradesansvar.csv");
    for (const auto& row : table.rows) {
        if (row.cells[table.require_column("vardcentral")] == "Teleborg") desos.insert(row.cells[table.require_column("desokod")]);
    }
    std::map<std::string, double> pop;
    const auto bands = read_table(std::string(test::kronoberg_dir) + "/scb_deso2025_befolkning_alder_kon.csv");
    for (const auto& row : bands.rows) pop[row.cells[0]] += parse_cell(row.cells[bands.require_column("total")]).value;
    double people = 0;
    for (const auto& c : desos) people += pop[c];
    EXPECT_NEAR(*d.report.key_figures.at(0).value.value, people, 1e-6);
    EXPECT_EQ(d.report.deso_rows.size(), desos.size());
    bool low_econ = false;
    for (const auto& k : d.report.key_figures) {
        if (k.label != "Låg ekonomisk standard") continue;
        low_econ = true;
        std::size_t i = 0;
        while (d.set.indicators[i].indicator.id != "low_econ") ++i;
        EXPECT_EQ(k.value.value, d.set.indicators[i].sexes[0].areas[*d.set.pilot_area(d.pilot)].ci95.value);
    }
    EXPECT_TRUE(low_econ);
    // Notes carry the engine's suppression counts; provenance lists the catalogue.
    std::size_t deso_suppressed = 0;
    for (const auto& p : d.set.indicators) deso_suppressed += p.suppression.deso_suppressed;
    bool counted = false;
    for (const auto& n : d.report.notes) counted = counted || n.find(std::to_string(deso_suppressed) + " DeSO-värden visas som undertryckta") != std::string::npos;
    EXPECT_TRUE(counted);
    bool catalogue = false;
    for (const auto& f : d.report.provenance.inputs) catalogue = catalogue || f.kind == "indikatorkatalog";
    EXPECT_TRUE(catalogue);
    EXPECT_TRUE(d.report.provenance.synthetic);
    EXPECT_NE(d.html.find("SYNTETISKA DEMODATA – inte verkliga hälsodata"), std::string::npos);
    EXPECT_EQ(d.html.find("http"), std::string::npos);
}

TEST(ReportFromEngine, IndexLinksProfilesAndQgisAndShowsEngineValues) {
    const Demo& d = demo();
    const rep::EngineResult engine{&d.set, &d.catalogue, provenance(d.in, d.in.config.catalogue, "test", true)};
    std::vector<std::size_t> pilots;
    for (std::size_t i = 0; i < d.in.config.pilots.size(); ++i) pilots.push_back(i);
    const rep::IndexInput x = rep::index_report(d.in, pilots, engine);
    ASSERT_EQ(x.pilots.size(), pilots.size());
    for (std::size_t i = 0; i < pilots.size(); ++i) {
        const auto& ip = x.pilots[i];
        const std::string id = d.in.config.pilots[i].id;
        std::set<std::string> hrefs;
        for (const auto& l : ip.links) hrefs.insert(l.href);
        EXPECT_TRUE(hrefs.count(id + "/profil.html"));
        EXPECT_TRUE(hrefs.count(id + "/" + id + ".qgs"));
        const std::size_t area = *d.set.pilot_area(i);
        for (const auto& k : ip.key_figures) {
            for (const auto& p : d.set.indicators) {
                if (k.label == p.indicator.name) {
                    EXPECT_EQ(k.value.value, p.sexes[0].areas[area].ci95.value) << id;
                }
            }
        }
    }
    const std::string html = rep::render_index_html(x);
    EXPECT_NE(html.find("href=\"teleborg/teleborg.qgs\""), std::string::npos);
}

TEST(ReportFromEngine, WithoutCatalogueNoIndicatorSections) {
    const Demo& d = demo();
    const PilotLayers layers = make_pilot_layers(d.in, d.pilot, value_columns(d.in), shared_layers(d.in));
    const rep::EngineResult none{nullptr, nullptr, provenance(d.in, "", "test", false)};
    const rep::ReportInput r = rep::pilot_report(d.in, d.pilot, layers, none, d.sensitivity);
    EXPECT_TRUE(r.domains.empty());
    EXPECT_TRUE(r.maps.empty());
    EXPECT_TRUE(r.deso_columns.empty());
    const std::string html = rep::render_report_html(r);
    EXPECT_EQ(html.find("id=\"indikatorer\""), std::string::npos);
    EXPECT_NE(html.find("Ingen indikatorkatalog"), std::string::npos);
}

// Issue 13: the indicator engine computes indicators and series years in parallel; the result
// must not depend on the number of threads (OMRADE_THREADS), values, series and row accounting.
TEST(ParallelEngine, SameProfilesWithOneTwoAndThreeThreads) {
    const Demo& d = demo();
    auto with_threads = [&](const char* n) {
        ::setenv("OMRADE_THREADS", n, 1);
        ProfileSet s = compute_profiles(d.in, d.catalogue);
        ::unsetenv("OMRADE_THREADS");
        return s;
    };
    const ProfileSet one = with_threads("1");
    std::size_t series = 0;
    for (const auto& p : one.indicators) series += p.series.years.size();
    ASSERT_GT(series, one.indicators.size());  // the demo has earlier years: the series ran
    for (const char* n : {"2", "3"}) {
        SCOPED_TRACE(std::string("threads ") + n);
        const ProfileSet many = with_threads(n);
        for (std::size_t p = 0; p < d.in.config.pilots.size(); ++p) {
            EXPECT_EQ(profile_json(one, d.in, p, {}).dump(), profile_json(many, d.in, p, {}).dump());
        }
        ASSERT_EQ(one.rows.size(), many.rows.size());
        for (std::size_t r = 0; r < one.rows.size(); ++r) {
            EXPECT_EQ(one.rows[r].used, many.rows[r].used);
            EXPECT_EQ(one.rows[r].other_year, many.rows[r].other_year);
            EXPECT_EQ(one.rows[r].not_in_catalogue, many.rows[r].not_in_catalogue);
            EXPECT_EQ(one.rows[r].other_breakdown, many.rows[r].other_breakdown);
            EXPECT_EQ(one.rows[r].not_published, many.rows[r].not_published);
        }
        ASSERT_EQ(one.indicators.size(), many.indicators.size());
        for (std::size_t i = 0; i < one.indicators.size(); ++i) {
            EXPECT_EQ(one.indicators[i].indicator.id, many.indicators[i].indicator.id);
            EXPECT_EQ(one.indicators[i].series.years, many.indicators[i].series.years);
        }
    }
}

// Issue 13 ("work once"): a pilot's kommun and vårdcentral layers and its maps hold its
// surroundings (the kommuner of its DeSOs and those whose boxes meet theirs), not the whole set,
// so that they do not grow with the country.
TEST(PilotSurroundings, LayersAndMapsHoldTheKommunerAroundThePilotOnly) {
    namespace bg = boost::geometry;
    const Demo& d = demo();
    const SharedLayers shared = shared_layers(d.in);
    ASSERT_TRUE(shared.kommuner);
    ASSERT_EQ(shared.kommuner->features.size(), 8u);  // Kronoberg's 8 kommuner
    // Each kommun's box, computed here from its DeSOs.
    std::map<std::string, geo::Box> box;
    for (const auto& a : d.in.areas.areas) {
        geo::Box b;
        bg::envelope(a.geometry, b);
        if (!box.count(a.kommun)) box[a.kommun] = b;
        else bg::expand(box[a.kommun], b);
    }
    for (std::size_t p = 0; p < d.in.config.pilots.size(); ++p) {
        SCOPED_TRACE(d.in.config.pilots[p].id);
        const PilotLayers layers = make_pilot_layers(d.in, p, {}, shared);
        std::set<std::string> own;
        for (const auto a : layers.area_indices) own.insert(d.in.areas.areas[a].kommun);
        std::set<std::string> expected;
        for (const auto& [k, b] : box)
            for (const auto& o : own)
                if (bg::intersects(b, box.at(o))) expected.insert(k);
        ASSERT_TRUE(layers.kommuner);
        std::set<std::string> got;
        for (const auto& f : layers.kommuner->features) got.insert(std::get<std::string>(f.values.at(0)));
        EXPECT_EQ(got, expected);
        EXPECT_LT(got.size(), 8u);  // neither pilot's surroundings is the whole county
        bool pilot_vc = false;
        for (const auto& f : layers.centres.features) {
            const auto v = static_cast<std::size_t>(f.fid - 1);
            const auto& c = d.in.centres.centres.at(v);
            pilot_vc = pilot_vc || v == d.in.pilot_vcs[p];
            const bool near = expected.count(c.kommun) > 0 ||
                              std::any_of(expected.begin(), expected.end(),
                                          [&](const std::string& k) { return bg::covered_by(*c.position, box.at(k)); });
            EXPECT_TRUE(near || v == d.in.pilot_vcs[p]) << c.name;
        }
        EXPECT_TRUE(pilot_vc);
        const rep::EngineResult engine{&d.set, &d.catalogue, provenance(d.in, d.in.config.catalogue, "test", true)};
        const rep::ReportInput r = rep::pilot_report(d.in, p, layers, engine, d.sensitivity);
        std::set<std::string> mapped;
        for (const auto& m : r.map_areas) mapped.insert(m.code);
        for (const auto a : layers.area_indices) EXPECT_TRUE(mapped.count(d.in.areas.areas[a].code)) << d.in.areas.areas[a].code;
        for (const auto& a : d.in.areas.areas) EXPECT_EQ(mapped.count(a.code) > 0, expected.count(a.kommun) > 0) << a.code;
    }

    // The same pilots with a second, far-away copy of every DeSO in the set (new kommun codes,
    // 600 km east): their layers are exactly as before.
    Inputs bigger = d.in;
    for (const auto& a : d.in.areas.areas) {
        Area c = a;
        c.code = "99" + a.code.substr(2);
        c.kommun = "99" + a.kommun.substr(2);
        c.geometry.clear();
        bg::transform(a.geometry, c.geometry, bg::strategy::transform::translate_transformer<double, 2, 2>(600000.0, 0.0));
        bigger.areas.areas.push_back(std::move(c));
    }
    const SharedLayers bigger_shared = shared_layers(bigger);
    EXPECT_EQ(bigger_shared.kommuner->features.size(), 16u);
    for (std::size_t p = 0; p < d.in.config.pilots.size(); ++p) {
        const PilotLayers a = make_pilot_layers(d.in, p, {}, shared);
        const PilotLayers b = make_pilot_layers(bigger, p, {}, bigger_shared);
        EXPECT_EQ(a.surroundings, b.surroundings);
        ASSERT_EQ(a.kommuner->features.size(), b.kommuner->features.size());
        for (std::size_t i = 0; i < a.kommuner->features.size(); ++i)
            EXPECT_EQ(a.kommuner->features[i].values, b.kommuner->features[i].values);
        EXPECT_EQ(a.centres.features.size(), b.centres.features.size());
        EXPECT_EQ(a.deso.features.size(), b.deso.features.size());
    }
}

// Issue 15: the DeSO range is over the published DeSOs only, and says so when some are not
// shown ("13 av 15 DeSO redovisas"), so an area value outside the range is no puzzle.
TEST(ReportFromEngine, DesoRangeSaysHowManyDesosArePublished) {
    const Demo& d = demo();
    std::size_t partial = 0;
    for (const auto& p : d.set.indicators) {
        const AreaValue& v = p.sexes[0].areas[*d.set.pilot_area(d.pilot)];
        const rep::IndicatorRow* row = row_of(d.report, p.indicator.id);
        ASSERT_NE(row, nullptr) << p.indicator.id;
        EXPECT_EQ(row->deso_published, v.deso_published) << p.indicator.id;
        EXPECT_EQ(row->deso_count, v.deso_count) << p.indicator.id;
        if (row->deso_min && v.deso_published < v.deso_count) ++partial;
    }
    ASSERT_GT(partial, 0u) << "the demo has no indicator with an unpublished DeSO in Teleborg";
    std::size_t shown = 0;
    for (auto at = d.html.find(" DeSO redovisas"); at != std::string::npos; at = d.html.find(" DeSO redovisas", at + 1)) ++shown;
    EXPECT_EQ(shown, partial);
}

// Issue 15: every indicator has a definition, a unit and its source where the report shows it.
TEST(ReportFromEngine, DefinitionsGiveEveryIndicatorsMeaningUnitAndSource) {
    const Demo& d = demo();
    ASSERT_EQ(d.report.definitions.size(), d.catalogue.indicators.size());
    for (std::size_t i = 0; i < d.catalogue.indicators.size(); ++i) {
        const auto& def = d.report.definitions[i];
        const auto& ind = d.catalogue.indicators[i];
        EXPECT_EQ(def.name, ind.name);
        EXPECT_EQ(def.definition, ind.description);
        EXPECT_FALSE(def.source.empty()) << ind.id;
        EXPECT_EQ(def.synthetic, ind.synthetic) << ind.id;
        EXPECT_NE(d.html.find(def.source), std::string::npos) << ind.id;
    }
    EXPECT_NE(d.html.find("<h2>Definitioner och källor</h2>"), std::string::npos);
    // Units fit the types: no per cent on amounts, rates per 100 000.
    for (const auto& ind : d.catalogue.indicators) {
        if (ind.id == "income" || ind.id == "income_med") {
            EXPECT_EQ(ind.unit, "tkr");
        }
        if (ind.type == IndicatorType::dsr) {
            EXPECT_EQ(ind.unit, "per 100 000");
        }
    }
}

// Issue 15: key figures say 27 952 residents (population by age and sex), the Folkmängd row
// 27 943 (SCB's total): both are shown, so the difference is explained beside them.
TEST(ReportFromEngine, TwoPopulationFiguresAreExplainedWhereBothAppear) {
    const Demo& d = demo();
    const auto& note = d.report.population_note;
    EXPECT_NE(note.find("Invånare i området (27\u00A0952)"), std::string::npos) << note;
    EXPECT_NE(note.find("Folkmängd (27\u00A0943)"), std::string::npos) << note;
    EXPECT_NE(note.find("9 personer"), std::string::npos) << note;
    // Once under the key figures and once under the indicator table.
    std::size_t n = 0;
    for (auto at = d.html.find("Två befolkningstal"); at != std::string::npos; at = d.html.find("Två befolkningstal", at + 1)) ++n;
    EXPECT_EQ(n, 2u);
}
