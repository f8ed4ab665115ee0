// The indicator engine on a hand-made county of 6 DeSOs in two kommuner and one pilot catchment
// with a fractional share. Expected values are worked out by hand in the comments.
#include "geo/error.hpp"
#include "profiles/disclosure/disclosure.hpp"
#include "profiles/engine/profile.hpp"
#include "profiles/output/profile_io.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace omrade;
using namespace omrade::profiles;

namespace {

// Wilson score interval, written from the published formula (DOMAIN.md §4), in per cent.
std::pair<double, double> wilson(double x, double n, double z) {
    const double p = x / n;
    const double centre = 2 * x + z * z;
    const double spread = z * std::sqrt(z * z + 4 * x * (1 - p));
    const double den = 2 * (n + z * z);
    return {100 * (centre - spread) / den, 100 * (centre + spread) / den};
}

const char* catalogue_text = R"(
[ojamlikhet]
rangordning = "dep"

[[indikator]]
id = "medel"
namn = "Medel"
enhet = "%"
typ = "medel"
polaritet = "neutral"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "stor"
namn = "Stor andel"
enhet = "%"
typ = "andel"
polaritet = "lag_bra"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"
[indikator.malvarde]
varde = 13
riktning = "hogst"

[[indikator]]
id = "hog"
namn = "Hög andel, lågt är bra"
enhet = "%"
typ = "andel"
polaritet = "lag_bra"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "hog_bra"
kalla = "hog"
namn = "Hög andel, högt är bra"
enhet = "%"
typ = "andel"
polaritet = "hog_bra"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "liten"
namn = "Med små tal"
enhet = "%"
typ = "andel"
polaritet = "lag_bra"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "kon"
namn = "Per kön"
enhet = "%"
typ = "andel"
polaritet = "neutral"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"
)";

StatRow counts(std::size_t area, const std::string& id, double x, double n, const std::string& sex = "totalt", int year = 2024) {
    StatRow r;
    r.area = area;
    r.indicator = id;
    r.year = year;
    r.sex = sex;
    r.numerator = x;
    r.denominator = n;
    return r;
}

StatRow value(std::size_t area, const std::string& id, std::optional<double> v) {
    StatRow r;
    r.area = area;
    r.indicator = id;
    r.year = 2024;
    r.value = v;
    r.not_published = !v;
    return r;
}

// DeSOs 0–3 in kommun 0780, 4–5 in 0763. Pilot "p" = DeSO 0 (share 1) + DeSO 1 (share 0.5).
Inputs fixture() {
    Inputs in;
    in.config.min_numerator = 5;
    in.config.min_denominator = 50;
    Pilot p;
    p.id = "p";
    p.care_centre = "VC";
    p.title = "Pilot P";
    in.config.pilots = {p};
    in.areas.version = "DeSO2025";
    for (const char* code : {"0780C0001", "0780C0002", "0780C0003", "0780C0004", "0763A0001", "0763A0002"}) {
        Area a;
        a.code = code;
        a.kommun = std::string(code).substr(0, 4);
        a.lan = "07";
        in.areas.areas.push_back(a);
    }
    in.areas.index();
    in.kommun_names = {{"0780", "Växjö"}, {"0763", "Tingsryd"}};
    in.population.area_total = {1000, 2000, 500, 800, 1500, 1200};
    in.population.has_data.assign(6, true);
    CareCentre vc;
    vc.name = "VC";
    vc.kommun = "0780";
    in.centres.centres = {vc};
    Catchments c;
    c.method = "tabell";
    c.weights = {{0, 0, 1.0}, {1, 0, 0.5}};
    in.catchments = c;
    in.pilot_vcs = {0};

    auto& rows = in.statistics.rows;
    const double medel[] = {10, 20, 30, 40, 50, 60};
    const double dep[] = {5, 25, 15, 35, 10, 20};
    for (std::size_t a = 0; a < 6; ++a) {
        rows.push_back(value(a, "medel", a == 5 ? std::nullopt : std::optional<double>(medel[a])));
        rows.push_back(value(a, "dep", dep[a]));
    }
    const double stor_x[] = {100, 300, 60, 80, 150, 120}, stor_n[] = {1000, 2000, 500, 800, 1500, 1200};
    const double hog_x[] = {300, 600, 50, 80, 150, 120};
    for (std::size_t a = 0; a < 6; ++a) {
        rows.push_back(counts(a, "stor", stor_x[a], stor_n[a]));
        rows.push_back(counts(a, "hog", hog_x[a], stor_n[a]));
    }
    // "liten": DeSO 2 has 2 cases (primary suppression), DeSO 3 no row (saknas), DeSO 5 0 of 0.
    rows.push_back(counts(0, "liten", 40, 1000));
    rows.push_back(counts(1, "liten", 60, 2000));
    rows.push_back(counts(2, "liten", 2, 500));
    rows.push_back(counts(4, "liten", 30, 1500));
    rows.push_back(counts(5, "liten", 0, 0));
    // "kon": per sex; DeSO 0 has 2 men (primary) and 48 women, totalt 50.
    for (std::size_t a = 0; a < 6; ++a) {
        const double m = a == 0 ? 2 : 40, k = a == 0 ? 48 : 45;
        rows.push_back(counts(a, "kon", m + k, 1000));
        rows.push_back(counts(a, "kon", m, 500, "män"));
        rows.push_back(counts(a, "kon", k, 500, "kvinnor"));
    }
    // Accounting: an older year, an id no indicator uses, an age band of a non-dsr indicator.
    rows.push_back(counts(0, "stor", 90, 1000, "totalt", 2023));
    rows.push_back(counts(0, "okand", 1, 10));
    StatRow band = counts(0, "stor", 10, 100);
    band.age = "65-69";
    rows.push_back(band);
    StatSourceReport src;
    src.source = "test.csv";
    src.rows_read = rows.size() + 3;
    src.rows_outside = 3;
    in.statistics.sources = {src};
    return in;
}

const Catalogue& catalogue() {
    static const Catalogue c = parse_catalogue(catalogue_text, "k.toml");
    return c;
}

const IndicatorProfile& indicator(const ProfileSet& s, const std::string& id) {
    for (const auto& p : s.indicators) {
        if (p.indicator.id == id) return p;
    }
    throw std::runtime_error("no indicator " + id);
}

}  // namespace

TEST(Profile, AreasArePilotKommunerCounty) {
    const ProfileSet s = compute_profiles(fixture(), catalogue());
    ASSERT_EQ(s.areas.size(), 4u);  // pilot, 0763, 0780, county
    EXPECT_EQ(*s.pilot_area(0), 0u);
    EXPECT_EQ(s.areas[0].members.size(), 2u);
    EXPECT_EQ(s.areas[*s.kommun_area("0780")].name, "Växjö");
    EXPECT_EQ(s.areas[*s.kommun_area("0780")].members.size(), 4u);
    EXPECT_EQ(s.areas[s.county_area()].members.size(), 6u);
    EXPECT_EQ(s.areas[s.county_area()].kind, AreaRef::Kind::county);
}

TEST(Profile, IntensiveValuesArePopulationWeighted) {
    const ProfileSet s = compute_profiles(fixture(), catalogue());
    const auto& p = indicator(s, "medel").sexes[0];
    // Pilot: (1·1000·10 + 0.5·2000·20) / (1000 + 0.5·2000) = 30000 / 2000 = 15.
    EXPECT_DOUBLE_EQ(*p.areas[0].ci95.value, 15.0);
    // Växjö: (1000·10 + 2000·20 + 500·30 + 800·40) / 4300 = 97000 / 4300.
    EXPECT_DOUBLE_EQ(*p.areas[*s.kommun_area("0780")].ci95.value, 97000.0 / 4300.0);
    // County: DeSO 5 is not published and drops out: (97000 + 1500·50) / 5800.
    EXPECT_DOUBLE_EQ(*p.areas[s.county_area()].ci95.value, 172000.0 / 5800.0);
    EXPECT_EQ(p.deso[5].ci95.status, ValueStatus::missing);
    EXPECT_EQ(p.deso[5].ci95.note, "ej publicerat av källan");
    EXPECT_EQ(p.areas[s.county_area()].deso_published, 5u);
    EXPECT_EQ(*p.areas[0].deso_min, 10.0);
    EXPECT_EQ(*p.areas[0].deso_max, 20.0);
    // Quintiles over the 5 published values: every one in 1..5, ordered like the values.
    for (std::size_t a = 0; a + 1 < 5; ++a) {
        EXPECT_GE(p.deso[a].quintile, 1);
        EXPECT_LE(p.deso[a + 1].quintile, 5);
        EXPECT_LE(p.deso[a].quintile, p.deso[a + 1].quintile);
    }
    EXPECT_EQ(p.deso[5].quintile, 0);
}

TEST(Profile, CountsAreSummedWithFractionalWeightsThenEstimated) {
    const ProfileSet s = compute_profiles(fixture(), catalogue());
    const auto& p = indicator(s, "stor").sexes[0];
    // Pilot: x = 100 + 0.5·300 = 250, n = 1000 + 0.5·2000 = 2000.
    const AreaValue& v = p.areas[0];
    ASSERT_EQ(v.ci95.status, ValueStatus::ok) << v.ci95.note;
    EXPECT_DOUBLE_EQ(*v.numerator, 250.0);
    EXPECT_DOUBLE_EQ(*v.denominator, 2000.0);
    EXPECT_NEAR(*v.ci95.value, 12.5, 1e-9);
    const auto [lo, hi] = wilson(250, 2000, 1.959963984540054);
    EXPECT_NEAR(*v.ci95.lower, lo, 1e-6);
    EXPECT_NEAR(*v.ci95.upper, hi, 1e-6);
    const auto [lo3, hi3] = wilson(250, 2000, 3.090232306167813);
    EXPECT_NEAR(*v.ci998.lower, lo3, 1e-6);
    EXPECT_NEAR(*v.ci998.upper, hi3, 1e-6);
    // County: 810 / 7000.
    EXPECT_NEAR(*p.areas[s.county_area()].ci95.value, 100.0 * 810 / 7000, 1e-9);
    // 12.5 % against 11.57 %: the county lies inside [11.1, 14.0] → similar.
    EXPECT_EQ(v.rating95, Rating::similar);
    // Target "högst 13": 12.5 meets it.
    EXPECT_EQ(v.target_status, "uppnått");
    EXPECT_EQ(v.deso_count, 2u);
    EXPECT_EQ(v.deso_published, 2u);
}

TEST(Profile, ComparisonFollowsPolarity) {
    const ProfileSet s = compute_profiles(fixture(), catalogue());
    // "hog": pilot 600/2000 = 30 % against the county 1300/7000 = 18.6 %: clearly higher.
    const AreaValue& low_good = indicator(s, "hog").sexes[0].areas[0];
    const AreaValue& high_good = indicator(s, "hog_bra").sexes[0].areas[0];
    EXPECT_NEAR(*low_good.ci95.value, 30.0, 1e-9);
    EXPECT_EQ(low_good.rating95, Rating::worse);
    EXPECT_EQ(low_good.rating998, Rating::worse);
    EXPECT_EQ(high_good.rating95, Rating::better);
    EXPECT_STREQ(rating_text(low_good.rating95), "sämre");
    // DeSO 2 (50/500 = 10 %) is below the county for both.
    EXPECT_EQ(indicator(s, "hog").sexes[0].deso[2].rating, Rating::better);
    EXPECT_EQ(indicator(s, "hog_bra").sexes[0].deso[2].rating, Rating::worse);
}

TEST(Profile, AbsentValuesCarryTheirReasonAndNoNumbers) {
    const Inputs in = fixture();
    const ProfileSet s = compute_profiles(in, catalogue());
    const auto& p = indicator(s, "liten");
    const auto& d = p.sexes[0].deso;
    EXPECT_EQ(d[2].ci95.status, ValueStatus::suppressed);  // 2 cases: primary
    EXPECT_EQ(d[3].ci95.status, ValueStatus::missing);     // no row
    EXPECT_EQ(d[5].ci95.status, ValueStatus::too_few);     // 0 of 0
    EXPECT_GE(p.suppression.primary, 1u);
    // Växjö's total minus its published DeSOs would give DeSO 2: something else is withheld.
    EXPECT_GE(p.suppression.secondary + p.suppression.groups_withheld, 1u);
    for (const auto& sv : p.sexes) {
        for (const auto& v : sv.deso) {
            if (v.ci95.status == ValueStatus::suppressed) {
                EXPECT_FALSE(v.ci95.value || v.ci95.lower || v.ci95.upper || v.numerator || v.denominator);
            }
        }
        for (const auto& v : sv.areas) {
            if (v.ci95.status == ValueStatus::suppressed) {
                EXPECT_FALSE(v.ci95.value || v.numerator);
            }
        }
    }
    // The layer columns: NULL value and the reason as text.
    const auto cols = profile_columns(s, in.areas.size());
    const AreaColumn* value = nullptr;
    const AreaColumn* why = nullptr;
    for (const auto& c : cols) {
        if (c.name == "liten") value = &c;
        if (c.name == "liten_orsak") why = &c;
    }
    ASSERT_TRUE(value && why);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(value->values[2]));
    EXPECT_EQ(std::get<std::string>(why->values[2]), "undertryckt");
    EXPECT_EQ(std::get<std::string>(why->values[3]), "saknas");
    EXPECT_EQ(std::get<std::string>(why->values[5]), "för få för beräkning");
    std::size_t shown = 0;
    for (std::size_t a = 0; a < d.size(); ++a) {
        if (d[a].ci95.status != ValueStatus::ok) continue;
        ++shown;
        EXPECT_TRUE(std::holds_alternative<std::monostate>(why->values[a]));
        EXPECT_DOUBLE_EQ(std::get<double>(value->values[a]), *d[a].ci95.value);
    }
    EXPECT_GE(shown, 1u);
    // profil.csv never shows a number for a withheld pilot value.
    std::ostringstream csv;
    write_profile_csv(csv, s, in, 0, CsvFormat::Sv);
    EXPECT_NE(csv.str().find("indikator;namn;doman"), std::string::npos);
}

TEST(Profile, SexesAreProtectedJointlyWithTheDesoTotal) {
    const ProfileSet s = compute_profiles(fixture(), catalogue());
    const auto& p = indicator(s, "kon");
    ASSERT_EQ(p.sexes.size(), 3u);
    EXPECT_EQ(p.sexes[1].sex, "man");
    // DeSO 0: men 2 (primary). Women 48 and totalt 50 cannot both be shown, or men = 50 − 48.
    EXPECT_EQ(p.sexes[1].deso[0].ci95.status, ValueStatus::suppressed);
    const bool women = p.sexes[2].deso[0].ci95.status == ValueStatus::ok;
    const bool total = p.sexes[0].deso[0].ci95.status == ValueStatus::ok;
    EXPECT_FALSE(women && total);
    EXPECT_EQ(p.suppression.cells, 18u);  // 6 DeSO totals + 6 DeSOs × 2 sexes
}

TEST(Profile, EveryStatisticsRowIsAccountedFor) {
    const Inputs in = fixture();
    const ProfileSet s = compute_profiles(in, catalogue());
    ASSERT_EQ(s.rows.size(), 1u);
    const RowAccounting& r = s.rows[0];
    EXPECT_EQ(r.read, r.used + r.not_in_catalogue + r.other_year + r.other_breakdown + r.not_published + r.outside);
    EXPECT_EQ(r.other_year, 1u);
    EXPECT_EQ(r.other_breakdown, 1u);
    EXPECT_EQ(r.not_published, 1u);               // medel in DeSO 5
    EXPECT_EQ(r.not_in_catalogue, 6u + 1u);       // "dep" (the ranking variable) and "okand"
    EXPECT_EQ(r.outside, 3u);
}

TEST(Profile, UnknownStatisticsIdIsAnErrorNamingTheCatalogue) {
    const Catalogue c = parse_catalogue(
        "[[indikator]]\nid = \"x\"\nnamn = \"X\"\nenhet = \"%\"\ntyp = \"andel\"\npolaritet = \"neutral\"\ndoman = \"D\"\nbeskrivning = \"B\"\ndatakalla = \"T\"\nkalla = \"finns_ej\"\n",
        "k.toml");
    try {
        compute_profiles(fixture(), c);
        FAIL() << "no error";
    } catch (const DataError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("k.toml"), std::string::npos) << m;
        EXPECT_NE(m.find("finns_ej"), std::string::npos) << m;
    }
    // A count type over value-only statistics is a typing mistake in the catalogue.
    const Catalogue wrong = parse_catalogue(
        "[[indikator]]\nid = \"medel\"\nnamn = \"X\"\nenhet = \"%\"\ntyp = \"andel\"\npolaritet = \"neutral\"\ndoman = \"D\"\nbeskrivning = \"B\"\ndatakalla = \"T\"\n", "k.toml");
    EXPECT_THROW(compute_profiles(fixture(), wrong), DataError);
}

// The SII over the county's quintiles (kvantiler_lan = 5 for this 6-DeSO county). Deprivation
// "dep" = 5, 25, 15, 35, 10, 20 and populations 1000, 2000, 500, 800, 1500, 1200: most deprived
// first DeSO 3, 1, 5, 2, 4, 0; population mid-points 0.06, 0.26, 0.49, 0.61, 0.75, 0.93 give
// quintiles {3}, {1}, {5}, {2, 4}, {0}. Reference values: sii_reference.py (python3 + mpmath,
// independent of this code) on the quintiles' Wilson intervals, multiplier 100.
const Catalogue& sii_catalogue() {
    static const Catalogue c = [] {
        std::string text = catalogue_text;
        text.replace(text.find("rangordning = \"dep\""), 19, "rangordning = \"dep\"\nkvantiler_lan = 5");
        text += R"(
[[indikator]]
id = "liten2"
namn = "En liten DeSO"
enhet = "%"
typ = "andel"
polaritet = "lag_bra"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"
)";
        return parse_catalogue(text, "k.toml");
    }();
    return c;
}

Inputs sii_fixture() {
    Inputs in = fixture();
    const double x[] = {40, 60, 2, 30, 35, 25}, n[] = {1000, 2000, 500, 800, 1500, 1200};
    for (std::size_t a = 0; a < 6; ++a) in.statistics.rows.push_back(counts(a, "liten2", x[a], n[a]));
    return in;
}

// Finding 3 (issue 10): the SII ranked single DeSOs with a residual-variance t interval and
// accepted three DeSOs. It is phe_sii on population quantiles with a simulated interval.
TEST(Profile, SiiOnPopulationQuantilesWithSimulatedInterval) {
    const ProfileSet s = compute_profiles(sii_fixture(), sii_catalogue());
    const AreaValue& county = indicator(s, "stor").sexes[0].areas[s.county_area()];
    const SiiResult& r = county.inequality;
    ASSERT_EQ(r.sii95.status, ValueStatus::ok) << r.sii95.note;
    EXPECT_EQ(county.inequality_quantiles, 5);
    EXPECT_NEAR(*r.sii95.value, -4.021497405485545, 1e-9);
    EXPECT_NEAR(*r.rii95.value, 0.7039136418037293, 1e-9);
    const double w95 = -1.3966059306908933 + 6.65960033486778, w998 = 0.17016566194465996 + 8.191978007802582;
    EXPECT_NEAR(*r.sii95.lower, -6.65960033486778, 0.03 * w95);
    EXPECT_NEAR(*r.sii95.upper, -1.3966059306908933, 0.03 * w95);
    EXPECT_NEAR(*r.sii998.lower, -8.191978007802582, 0.05 * w998);
    EXPECT_NEAR(*r.sii998.upper, 0.17016566194465996, 0.05 * w998);
    // The pilot (2 DeSOs) and the kommuner (4 and 2 DeSOs) have fewer DeSOs than quintiles.
    const AreaValue& pilot = indicator(s, "stor").sexes[0].areas[0];
    EXPECT_EQ(pilot.inequality.sii95.status, ValueStatus::too_few);
    EXPECT_NE(pilot.inequality.sii95.note.find("kvintiler"), std::string::npos) << pilot.inequality.sii95.note;
}

// Finding 1 (issue 10): the "99.8 %" limits of the SII/RII were the 95 % limits written twice.
TEST(Profile, Sii998LimitsAreNotThe95Limits) {
    const Inputs in = sii_fixture();
    const ProfileSet s = compute_profiles(in, sii_catalogue());
    const nlohmann::json j = profile_json(s, in, 0, nlohmann::json::object());
    for (const auto& ind : j["indikatorer"]) {
        if (ind["id"] != "stor") continue;
        const auto& sii = ind["kon"][0]["lan"]["sii"];
        ASSERT_TRUE(sii["nedre"].is_number() && sii["nedre_998"].is_number()) << sii.dump();
        EXPECT_LT(sii["nedre_998"].get<double>(), sii["nedre"].get<double>() - 0.5);
        EXPECT_GT(sii["ovre_998"].get<double>(), sii["ovre"].get<double>() + 0.5);
        const auto& rii = ind["kon"][0]["lan"]["rii"];
        EXPECT_LT(rii["nedre_998"].get<double>(), rii["nedre"].get<double>());
        return;
    }
    FAIL() << "no stor";
}

// Finding 2 (issue 10): the SII left out suppressed DeSOs, which selects on the outcome. DeSO 2
// (2 cases, suppressed) still counts in its quintile: (2 + 35) / (500 + 1500), and the published
// SII/RII with every published total and DeSO value reveal no suppressed count.
TEST(Profile, SiiUsesEveryDesoAndRevealsNoSuppressedOne) {
    const Inputs in = sii_fixture();
    const ProfileSet s = compute_profiles(in, sii_catalogue());
    const auto& p = indicator(s, "liten2");
    ASSERT_EQ(p.sexes[0].deso[2].ci95.status, ValueStatus::suppressed);
    const std::size_t county = s.county_area();
    const SiiResult& r = p.sexes[0].areas[county].inequality;
    ASSERT_EQ(r.sii95.status, ValueStatus::ok) << r.sii95.note;
    EXPECT_NEAR(*r.sii95.value, -0.5707931801334319, 1e-9);  // from all 6 DeSOs
    EXPECT_NEAR(*r.rii95.value, 0.8115107813035481, 1e-9);

    // The attacker: every published DeSO count and area total, and the SII and RII as two
    // equations (slope = SII / 100, intercept = slope / (RII − 1)) over the quintile shares
    // X_q / N_q with the denominators known; quintile membership as derived above.
    const int quintile[] = {5, 2, 4, 1, 4, 3};
    const double n[] = {1000, 2000, 500, 800, 1500, 1200};
    double nq[5] = {0, 0, 0, 0, 0};
    for (std::size_t a = 0; a < 6; ++a) nq[quintile[a] - 1] += n[a];
    // recoverable() sees the true counts only for its zero-sum test; what is hidden is what the
    // engine did not publish.
    const double truth[] = {40, 60, 2, 30, 35, 25};
    std::vector<DisclosureCell> cells;
    std::vector<Suppression> hidden;
    for (std::size_t a = 0; a < 6; ++a) {
        cells.push_back({truth[a], n[a], false});
        hidden.push_back(p.sexes[0].deso[a].ci95.status == ValueStatus::ok ? Suppression::none : Suppression::secondary);
    }
    std::vector<DisclosureGroup> groups;
    std::vector<bool> withheld;
    for (std::size_t i = 0; i < s.areas.size(); ++i) {
        groups.push_back({s.areas[i].members, s.areas[i].name, false});
        withheld.push_back(p.sexes[0].areas[i].ci95.status != ValueStatus::ok);
    }
    // Slope and intercept weights from the normal equations of the quintile fit.
    double a_[5], b_[5], cum = 0, s0 = 0, s1 = 0, s2 = 0;
    for (int q = 0; q < 5; ++q) {
        a_[q] = nq[q] / 7000;
        b_[q] = cum + a_[q] / 2;
        cum += a_[q];
        s0 += a_[q];
        s1 += a_[q] * b_[q];
        s2 += a_[q] * b_[q] * b_[q];
    }
    const double det = s0 * s2 - s1 * s1;
    DisclosureGroup slope{{}, "SII", true}, intercept{{}, "RII", true};
    for (std::size_t a = 0; a < 6; ++a) {
        const int q = quintile[a] - 1;
        slope.members.emplace_back(a, a_[q] * (s0 * b_[q] - s1) / det / nq[q]);
        intercept.members.emplace_back(a, a_[q] * (s2 - s1 * b_[q]) / det / nq[q]);
    }
    groups.push_back(slope);
    withheld.push_back(r.sii95.status != ValueStatus::ok);
    groups.push_back(intercept);
    withheld.push_back(r.rii95.status != ValueStatus::ok);
    for (std::size_t a = 0; a < 6; ++a) {
        if (hidden[a] == Suppression::none) continue;
        EXPECT_FALSE(recoverable(a, cells, groups, hidden, withheld)) << "DeSO " << a << " recoverable";
    }
}

// Finding 2 (issue 10), second half: ties in the deprivation ranking were broken by the order of
// the DeSOs in the area file. Ties now go by DeSO code: the same SII whatever the file order.
TEST(Profile, SiiTiesDoNotDependOnFileOrder) {
    auto with_ties = [](bool reversed) {
        Inputs in = sii_fixture();
        for (auto& r : in.statistics.rows) {
            if (r.indicator == "dep" && (r.area == 1 || r.area == 3)) r.value = 25.0;  // DeSO 1 and 3 tie
        }
        if (!reversed) return in;
        const std::size_t n = in.areas.size();
        std::reverse(in.areas.areas.begin(), in.areas.areas.end());
        in.areas.index();
        std::reverse(in.population.area_total.begin(), in.population.area_total.end());
        for (auto& r : in.statistics.rows) r.area = n - 1 - r.area;
        for (auto& w : in.catchments->weights) w.area = n - 1 - w.area;
        std::sort(in.catchments->weights.begin(), in.catchments->weights.end(),
                  [](const auto& a, const auto& b) { return a.area < b.area; });
        return in;
    };
    const ProfileSet a = compute_profiles(with_ties(false), sii_catalogue());
    const ProfileSet b = compute_profiles(with_ties(true), sii_catalogue());
    const SiiResult& ra = indicator(a, "stor").sexes[0].areas[a.county_area()].inequality;
    const SiiResult& rb = indicator(b, "stor").sexes[0].areas[b.county_area()].inequality;
    ASSERT_EQ(ra.sii95.status, ValueStatus::ok) << ra.sii95.note;
    ASSERT_EQ(rb.sii95.status, ValueStatus::ok) << rb.sii95.note;
    EXPECT_NEAR(*ra.sii95.value, *rb.sii95.value, 1e-12);
    EXPECT_NEAR(*ra.rii95.value, *rb.rii95.value, 1e-12);
}

TEST(Profile, SiiOfMedelIsAPointEstimateOverWeightedQuintiles) {
    const ProfileSet s = compute_profiles(sii_fixture(), sii_catalogue());
    const SiiResult& r = indicator(s, "medel").sexes[0].areas[s.county_area()].inequality;
    // DeSO 5 (quintile 3 alone) has no published medel value: its quintile is empty.
    EXPECT_EQ(r.sii95.status, ValueStatus::too_few);
    EXPECT_NE(r.sii95.note.find("kvantil 3"), std::string::npos) << r.sii95.note;
}

namespace {

const char* dsr_count_text = R"(
[standardbefolkning.s]
namn = "S"
[standardbefolkning.s.vikter]
0-64 = 6000
"65+" = 4000

[[indikator]]
id = "dod"
namn = "Dödlighet"
enhet = "per 100 000"
typ = "dsr"
polaritet = "lag_bra"
doman = "D"
standardbefolkning = "s"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "fall"
namn = "Antal fall"
enhet = "antal"
typ = "antal"
polaritet = "lag_bra"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"
)";

StatRow band_row(std::size_t area, double x, double n, const std::string& band) {
    StatRow r = counts(area, "dod", x, n);
    r.age = band;
    return r;
}

Inputs dsr_count_fixture() {
    Inputs in = fixture();
    for (std::size_t a = 0; a < 6; ++a) {
        in.statistics.rows.push_back(band_row(a, 10, 900, "0-64"));
        // DeSO 0 has nobody aged 65+ and no deaths there.
        in.statistics.rows.push_back(a == 0 ? band_row(a, 0, 0, "65+") : band_row(a, 5, 100, "65+"));
        StatRow c = counts(a, "fall", a == 0 ? 780 : 1660, 0);
        c.denominator = std::nullopt;
        in.statistics.rows.push_back(c);
    }
    return in;
}

Catalogue dsr_count_catalogue() { return parse_catalogue(dsr_count_text, "k.toml"); }

}  // namespace

// Finding 7 (issue 10): the engine dropped a band with population 0 and re-normalised the
// standard weights (+5.8 % in one demo DeSO). Every weight stays in Σw.
TEST(Profile, DsrEmptyBandKeepsItsStandardWeight) {
    const ProfileSet s = compute_profiles(dsr_count_fixture(), dsr_count_catalogue());
    const auto& d = indicator(s, "dod").sexes[0].deso[0];
    ASSERT_EQ(d.ci95.status, ValueStatus::ok) << d.ci95.note;
    // (10/900 · 6000 + 0 · 4000) / (6000 + 4000) · 100 000 = 666.67, not 10/900 · 100 000.
    EXPECT_NEAR(*d.ci95.value, 10.0 / 900 * 6000 / 10000 * 100000, 1e-9);
}

TEST(Profile, DsrEventsWithoutPopulationNameDesoAndBand) {
    Inputs in = dsr_count_fixture();
    for (auto& r : in.statistics.rows) {
        if (r.indicator == "dod" && r.area == 1 && r.age == "65+") r.denominator = 0;
    }
    try {
        compute_profiles(in, dsr_count_catalogue());
        FAIL() << "no error";
    } catch (const DataError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("0780C0002"), std::string::npos) << m;
        EXPECT_NE(m.find("65+"), std::string::npos) << m;
    }
}

// Finding 5 (issue 10): an antal from counts got a Poisson interval and was "compared" with the
// county total (780 cases "bättre" than 9 088). A count has no interval and is not compared.
TEST(Profile, CountIndicatorHasNoIntervalNorComparison) {
    const ProfileSet s = compute_profiles(dsr_count_fixture(), dsr_count_catalogue());
    const auto& p = indicator(s, "fall").sexes[0];
    const AreaValue& pilot = p.areas[0];
    ASSERT_EQ(pilot.ci95.status, ValueStatus::ok) << pilot.ci95.note;
    EXPECT_DOUBLE_EQ(*pilot.ci95.value, 780 + 0.5 * 1660);
    EXPECT_FALSE(pilot.ci95.lower || pilot.ci95.upper || pilot.ci998.lower || pilot.ci998.upper);
    EXPECT_EQ(pilot.rating95, Rating::not_compared);
    EXPECT_EQ(pilot.rating998, Rating::not_compared);
    for (const auto& d : p.deso) EXPECT_EQ(d.rating, Rating::not_compared);
}

// Finding 6 (issue 10): with niva = "riket" one benchmark was used for totalt, men, women and
// every DeSO. Each breakdown is compared with its own benchmark; without one it is "ej jämförd"
// with the reason.
TEST(Profile, BenchmarkPerBreakdown) {
    const Catalogue c = parse_catalogue(R"(
[[indikator]]
id = "kon"
namn = "Per kön mot riket"
enhet = "%"
typ = "andel"
polaritet = "lag_bra"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"
[indikator.benchmark]
totalt = 5.0
kvinnor = 9.5
[indikator.jamforelse]
niva = "riket"
)",
                                        "k.toml");
    const ProfileSet s = compute_profiles(fixture(), c);
    const auto& p = indicator(s, "kon");
    ASSERT_EQ(p.sexes.size(), 3u);
    const std::size_t county = s.county_area();
    // Men 40·5 + 2 = 202 of 3000 = 6.7 %: the totalt benchmark 5 % must not be used for them.
    const AreaValue& men = p.sexes[1].areas[county];
    ASSERT_EQ(men.ci95.status, ValueStatus::ok) << men.ci95.note;
    EXPECT_EQ(men.rating95, Rating::not_compared);
    EXPECT_EQ(men.comparison_note, "inget riksvärde för män i katalogen");
    for (const auto& d : p.sexes[1].deso) EXPECT_EQ(d.rating, Rating::not_compared);
    // Women 45·5 + 48 = 273 of 3000 = 9.1 % [8.1, 10.2] against their own 9.5 %: similar (against
    // the totalt 5 % it would be "sämre").
    const AreaValue& women = p.sexes[2].areas[county];
    EXPECT_EQ(women.rating95, Rating::similar);
    EXPECT_EQ(*p.sexes[2].benchmark, 9.5);
    // Totalt 475 of 6000 = 7.9 % against 5 %: worse.
    EXPECT_EQ(p.sexes[0].areas[county].rating95, Rating::worse);
}

// Finding 4 (issue 10): every "medel" was weighted by the total population whatever its
// denominator (Teleborg's employment 76.11 % instead of 72.38 % weighted by ages 20–64).
TEST(Profile, MedelWeightedByTheCataloguesWeight) {
    Inputs in = fixture();
    in.population.bands = {"0-19", "20-64", "65+"};
    // Per DeSO: 0–19, 20–64, 65+ (sums are the fixture's area totals).
    in.population.total = {{200, 600, 200}, {400, 1000, 600}, {100, 300, 100}, {200, 500, 100}, {300, 900, 300}, {200, 800, 200}};
    const Catalogue c = parse_catalogue(R"(
[[indikator]]
id = "medel"
namn = "Sysselsatta"
enhet = "%"
typ = "medel"
polaritet = "hog_bra"
doman = "D"
vikt = "befolkning 20-64"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "aldre"
kalla = "medel"
namn = "Äldre"
enhet = "%"
typ = "medel"
polaritet = "neutral"
doman = "D"
vikt = "befolkning 65+"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "per_dep"
kalla = "medel"
namn = "Viktat med en statistik"
enhet = "%"
typ = "medel"
polaritet = "neutral"
doman = "D"
vikt = "dep"
beskrivning = "Testindikator."
datakalla = "Test"
)",
                                        "k.toml");
    const ProfileSet s = compute_profiles(in, c);
    // Pilot: (1·600·10 + 0.5·1000·20) / (600 + 0.5·1000) = 16000 / 1100 (population-weighted: 15).
    const AreaValue& v = indicator(s, "medel").sexes[0].areas[0];
    EXPECT_DOUBLE_EQ(*v.ci95.value, 16000.0 / 1100.0);
    EXPECT_EQ(v.ci95.note, "medelvärde av DeSO-värden viktat med befolkningen 20–64 år");
    EXPECT_DOUBLE_EQ(*indicator(s, "aldre").sexes[0].areas[0].ci95.value, (200.0 * 10 + 0.5 * 600 * 20) / (200 + 300));
    // Weighted by the series "dep" (5 and 25): (5·10 + 0.5·25·20) / (5 + 12.5).
    EXPECT_DOUBLE_EQ(*indicator(s, "per_dep").sexes[0].areas[0].ci95.value, (5.0 * 10 + 0.5 * 25 * 20) / 17.5);
    // A range that cuts through a band of [befolkning] is an error naming the catalogue key.
    const Catalogue bad = parse_catalogue(
        "[[indikator]]\nid = \"medel\"\nnamn = \"X\"\nenhet = \"%\"\ntyp = \"medel\"\npolaritet = \"neutral\"\ndoman = \"D\"\nbeskrivning = \"B\"\ndatakalla = \"T\"\n"
        "vikt = \"befolkning 25-64\"\n",
        "k.toml");
    try {
        compute_profiles(in, bad);
        FAIL() << "no error";
    } catch (const DataError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("indikator.medel.vikt"), std::string::npos) << m;
        EXPECT_NE(m.find("20-64"), std::string::npos) << m;
    }
}
