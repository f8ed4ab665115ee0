// The indicator engine on a hand-made county of 6 DeSOs in two kommuner and one pilot catchment
// with a fractional share. Expected values are worked out by hand in the comments.
#include "geo/error.hpp"
#include "profiles/disclosure/disclosure.hpp"
#include "profiles/engine/profile.hpp"
#include "profiles/output/profile_io.hpp"

#include <gtest/gtest.h>

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

[[indikator]]
id = "stor"
namn = "Stor andel"
enhet = "%"
typ = "andel"
polaritet = "lag_bra"
doman = "D"
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

[[indikator]]
id = "hog_bra"
kalla = "hog"
namn = "Hög andel, högt är bra"
enhet = "%"
typ = "andel"
polaritet = "hog_bra"
doman = "D"

[[indikator]]
id = "liten"
namn = "Med små tal"
enhet = "%"
typ = "andel"
polaritet = "lag_bra"
doman = "D"

[[indikator]]
id = "kon"
namn = "Per kön"
enhet = "%"
typ = "andel"
polaritet = "neutral"
doman = "D"
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
        "[[indikator]]\nid = \"x\"\nnamn = \"X\"\nenhet = \"%\"\ntyp = \"andel\"\npolaritet = \"neutral\"\ndoman = \"D\"\nkalla = \"finns_ej\"\n",
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
        "[[indikator]]\nid = \"medel\"\nnamn = \"X\"\nenhet = \"%\"\ntyp = \"andel\"\npolaritet = \"neutral\"\ndoman = \"D\"\n", "k.toml");
    EXPECT_THROW(compute_profiles(fixture(), wrong), DataError);
}

TEST(Profile, InequalityRanksPublishedDesosMostDeprivedFirst) {
    const ProfileSet s = compute_profiles(fixture(), catalogue());
    const AreaValue& county = indicator(s, "medel").sexes[0].areas[s.county_area()];
    // Deprivation "dep" = 5, 25, 15, 35, 10, 20; DeSO 5 has no published value and drops out.
    // Most deprived first: DeSO 3, 1, 2, 4, 0 with (value, population).
    const Inequality expected = slope_index({{40, 800}, {20, 2000}, {30, 500}, {50, 1500}, {10, 1000}}, 0.95);
    ASSERT_EQ(county.inequality.sii.status, ValueStatus::ok) << county.inequality.sii.note;
    EXPECT_DOUBLE_EQ(*county.inequality.sii.value, *expected.sii.value);
    EXPECT_DOUBLE_EQ(*county.inequality.rii.value, *expected.rii.value);
    // The pilot has 2 DeSOs: too few for a slope.
    EXPECT_EQ(indicator(s, "medel").sexes[0].areas[0].inequality.sii.status, ValueStatus::too_few);
}
