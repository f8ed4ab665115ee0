// The printable report: Swedish number format, escaping, SVG geometry, absent values, labels.
#include "profiles/build.hpp"
#include "profiles/config.hpp"
#include "profiles/inputs.hpp"
#include "profiles/markup.hpp"
#include "profiles/pilot_layers.hpp"
#include "profiles/report_from_inputs.hpp"
#include "profiles/report_html.hpp"
#include "profiles/report_svg.hpp"
#include "profiles/swedish_format.hpp"
#include "profiles/table.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

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
    ok.county = 14.0;
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

// The interim filler on the demo data, checked against sums computed here from the CSV files.
TEST(ReportFromInputs, DemoTeleborgMatchesHandSums) {
    const std::string dir = test::kronoberg_dir;
    const Inputs in = load_inputs(load_config(dir + "/omrade.toml"), true);
    std::size_t pilot = 0;
    while (in.config.pilots.at(pilot).id != "teleborg") ++pilot;
    const PilotLayers layers = make_pilot_layers(in, pilot, value_columns(in));
    const rep::ReportInput r = rep::report_from_inputs(in, pilot, layers, input_report(in), "test");

    std::set<std::string> desos;
    const auto table = read_table(dir + "/demo_omradesansvar.csv");
    for (const auto& row : table.rows) {
        if (row.cells[table.require_column("vardcentral")] == "Teleborg") desos.insert(row.cells[table.require_column("desokod")]);
    }
    ASSERT_EQ(r.deso_rows.size(), desos.size());

    std::map<std::string, double> pop;
    const auto bands = read_table(dir + "/scb_deso2025_befolkning_alder_kon.csv");
    for (const auto& row : bands.rows) pop[row.cells[0]] += parse_cell(row.cells[bands.require_column("total")]).value;
    double people = 0;
    for (const auto& d : desos) people += pop[d];
    EXPECT_NEAR(*r.key_figures.at(0).value.value, people, 1e-6);
    double pyramid = 0;
    for (std::size_t b = 0; b < r.pyramid.bands.size(); ++b) pyramid += r.pyramid.men[b] + r.pyramid.women[b];
    EXPECT_NEAR(pyramid, people, 1e-6);

    // low_econ: population-weighted mean of the published DeSO values.
    const auto scb = read_table(dir + "/scb_deso2025_indikatorer.csv");
    double sum = 0, weight = 0;
    for (const auto& row : scb.rows) {
        const auto c = parse_cell(row.cells[scb.require_column("low_econ")]);
        if (!desos.count(row.cells[0]) || c.status != CellStatus::Number) continue;
        sum += pop[row.cells[0]] * c.value;
        weight += pop[row.cells[0]];
    }
    // Diabetes 2024: Σ numerators / Σ denominators; DeSO cells below the thresholds suppressed.
    const auto health = read_table(dir + "/demo_halsa.csv");
    double x = 0, n = 0;
    std::set<std::string> primary;
    for (const auto& row : health.rows) {
        const auto& c = row.cells;
        if (!desos.count(c[0]) || c[1] != "diabetes" || c[2] != "2024" || c[3] != "totalt" || c[4] != "totalt") continue;
        const double xi = std::stod(c[5]), ni = std::stod(c[6]);
        x += xi;
        n += ni;
        if ((xi > 0 && xi < 5) || ni < 50) primary.insert(c[0]);
    }
    const rep::IndicatorRow* low = nullptr;
    const rep::IndicatorRow* diabetes = nullptr;
    for (const auto& d : r.domains) {
        for (const auto& row : d.rows) {
            if (row.id == "low_econ") low = &row;
            if (row.id == "diabetes") diabetes = &row;
        }
    }
    ASSERT_NE(low, nullptr);
    ASSERT_NE(diabetes, nullptr);
    EXPECT_NEAR(*low->value.value, sum / weight, 1e-9);
    EXPECT_NEAR(*diabetes->value.value, 100.0 * x / n, 1e-9);
    EXPECT_TRUE(diabetes->synthetic);
    EXPECT_TRUE(r.provenance.synthetic);

    std::size_t column = 0;
    while (r.deso_columns.at(column).name != "Diabetes*") ++column;
    std::size_t suppressed = 0;
    for (const auto& row : r.deso_rows) {
        const auto& cell = row.cells.at(column);
        if (primary.count(row.code)) {
            EXPECT_EQ(cell.status, rep::CellStatus::suppressed) << row.code;
        }
        if (cell.status == rep::CellStatus::suppressed) ++suppressed;
    }
    // A single primary suppression is protected by a second one.
    if (primary.size() == 1) {
        EXPECT_EQ(suppressed, 2u);
    } else {
        EXPECT_EQ(suppressed, primary.size());
    }
    const std::string html = rep::render_report_html(r);
    EXPECT_NE(html.find("SYNTETISKA DEMODATA – inte verkliga hälsodata"), std::string::npos);
    EXPECT_EQ(html.find("http"), std::string::npos);
}
