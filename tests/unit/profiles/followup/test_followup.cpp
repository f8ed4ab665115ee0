// The follow-up of listed patients per vårdcentral: reading the long table, target levels, and
// the disclosure attack on the vårdcentral hierarchy (the vårdcentraler partition the county).
#include "profiles/engine/indicators.hpp"
#include "profiles/followup/followup.hpp"
#include "profiles/followup/source.hpp"
#include "profiles/output/followup_io.hpp"

#include "geo/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace omrade::profiles;
namespace fs = std::filesystem;

namespace {

const char* catalogue_text = R"(
[[indikator]]
id = "halsosamtal_50"
namn = "Hälsosamtal vid 50 år"
enhet = "%"
typ = "andel"
polaritet = "hog_bra"
doman = "Förebyggande vård"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "vc_bedomning"
niva = "vardcentral"
namn = "Medicinsk bedömning inom tre dagar"
definition = "Andel kontakter med medicinsk bedömning inom tre dagar."
datakalla = "Regionen"
typ = "andel"
polaritet = "hog_bra"
[indikator.malvarde]
riktning = "minst"
nivaer = [80, 90]

[[indikator]]
id = "vc_hs"
niva = "vardcentral"
namn = "Hälsosamtal, listade"
definition = "Andel listade 50-åringar med hälsosamtal."
datakalla = "Regionen"
typ = "andel"
polaritet = "hog_bra"
motsvarar = "halsosamtal_50"

[[indikator]]
id = "vc_ab"
niva = "vardcentral"
namn = "Antibiotika"
definition = "Recept per 1 000 listade."
datakalla = "Regionen"
typ = "per_1000"
polaritet = "lag_bra"
[indikator.malvarde]
riktning = "hogst"
varde = 250
)";

CareCentreRegister register_of(const std::vector<std::string>& names) {
    CareCentreRegister r;
    r.source = "vardcentraler.csv";
    for (const auto& n : names) {
        CareCentre c;
        c.name = n;
        r.centres.push_back(c);
    }
    return r;
}

fs::path write(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "omrade_followup_tests";
    fs::create_directories(dir);
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::string error_of(const std::string& csv, const Catalogue& cat, const CareCentreRegister& reg) {
    try {
        read_followup(write("e.csv", csv).string(), false, reg, cat);
    } catch (const omrade::DataError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(FollowupPeriod, YearTertialMonth) {
    EXPECT_EQ(parse_period("2024")->kind, Period::Kind::year);
    const auto t = parse_period("2025T2");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->kind, Period::Kind::tertial);
    EXPECT_EQ(t->part, 2);
    EXPECT_EQ(t->label(), "2025T2");
    EXPECT_EQ(t->text(), "tertial 2 2025");
    EXPECT_EQ(parse_period("2025-03")->text(), "mars 2025");
    EXPECT_FALSE(parse_period("2025T4"));
    EXPECT_FALSE(parse_period("2025-13"));
    EXPECT_FALSE(parse_period("25"));
    // Consecutive tertials and months differ by 1, across the turn of the year.
    EXPECT_EQ(parse_period("2025T1")->index() - parse_period("2024T3")->index(), 1.0);
    EXPECT_EQ(parse_period("2025-01")->index() - parse_period("2024-12")->index(), 1.0);
}

TEST(FollowupCatalogue, CareCentreIndicatorsAreKeptApartWithLevels) {
    const Catalogue cat = parse_catalogue(catalogue_text, "k.toml");
    ASSERT_EQ(cat.indicators.size(), 1u);  // the area indicator only
    ASSERT_EQ(cat.care_centre_indicators.size(), 3u);
    const Indicator& b = cat.care_centre_indicators[0];
    ASSERT_TRUE(b.target);
    EXPECT_EQ(b.target->labels, (std::vector<std::string>{"80 % eller lägre", "mellan 80 och 90 %", "90 % eller högre"}));
    const Indicator& ab = cat.care_centre_indicators[2];
    EXPECT_EQ(ab.type, IndicatorType::rate);
    EXPECT_EQ(ab.multiplier, 1000);
    EXPECT_THROW(parse_catalogue(std::string(catalogue_text) + "nivaer = [1]\n", "k.toml"), omrade::DataError);
    // motsvarar must name an area indicator.
    std::string bad = catalogue_text;
    bad.replace(bad.find("motsvarar = \"halsosamtal_50\""), 28, "motsvarar = \"finns_inte\"");
    EXPECT_THROW(parse_catalogue(bad, "k.toml"), omrade::DataError);
}

TEST(FollowupTargets, ValuesOnACutBelongToTheOuterLevel) {
    Target t;
    t.at_least = true;
    t.levels = {80, 90};
    EXPECT_EQ(target_level(t, 80), 0);
    EXPECT_EQ(target_level(t, 80.01), 1);
    EXPECT_EQ(target_level(t, 89.99), 1);
    EXPECT_EQ(target_level(t, 90), 2);
    EXPECT_TRUE(target_met(t, 90));
    EXPECT_FALSE(target_met(t, 89.9));
    t.at_least = false;  // lower is the target: the lowest values are the best (last) level
    EXPECT_EQ(target_level(t, 80), 2);
    EXPECT_EQ(target_level(t, 95), 0);
    Target threshold{50, false, {}, {}};
    EXPECT_TRUE(target_met(threshold, 50));
    EXPECT_FALSE(target_met(threshold, 50.1));
}

TEST(FollowupSource, IngenDataIsMissingNeverZeroAndErrorsNameFileLineAndName) {
    const Catalogue cat = parse_catalogue(catalogue_text, "k.toml");
    const CareCentreRegister reg = register_of({"Teleborg", "Tingsryd"});
    const fs::path ok = write("ok.csv", "vardcentral;indikator;period;taljare;namnare\n"
                                        "Teleborg;vc_bedomning;2025T1;90;100\n"
                                        "Tingsryd;vc_bedomning;2025T1;Ingen data;Ingen data\n"
                                        "Tingsryd;vc_bedomning;2025T2;;\n");
    const FollowupData d = read_followup(ok.string(), false, reg, cat);
    ASSERT_EQ(d.rows.size(), 3u);
    EXPECT_EQ(d.rows_no_data, 2u);
    EXPECT_FALSE(d.rows[1].numerator);
    EXPECT_TRUE(d.rows[1].no_data);

    const std::string head = "vardcentral,indikator,period,taljare,namnare\n";
    std::string e = error_of(head + "Teleborg,vc_bedomning,2025T1,1,2\nTeleborgs VC,vc_bedomning,2025T1,1,2\n", cat, reg);
    EXPECT_NE(e.find("e.csv: rad 3"), std::string::npos) << e;
    EXPECT_NE(e.find("Teleborgs VC"), std::string::npos) << e;
    EXPECT_NE(e.find("vårdcentralsregistret"), std::string::npos) << e;
    e = error_of(head + "Teleborg,halsosamtal_50,2025,1,2\n", cat, reg);  // an area indicator
    EXPECT_NE(e.find("rad 2"), std::string::npos) << e;
    EXPECT_NE(e.find("vc_bedomning"), std::string::npos) << e;
    e = error_of(head + "Teleborg,vc_bedomning,2025 T1,1,2\n", cat, reg);
    EXPECT_NE(e.find("'period'"), std::string::npos) << e;
    e = error_of(head + "Teleborg,vc_bedomning,2025T1,1,2\nTingsryd,vc_bedomning,2025,1,2\n", cat, reg);
    EXPECT_NE(e.find("två slag"), std::string::npos) << e;
    e = error_of(head + "Teleborg,vc_bedomning,2025T1,1,2\nTeleborg,vc_bedomning,2025T1,1,2\n", cat, reg);
    EXPECT_NE(e.find("rad 2"), std::string::npos) << e;
    e = error_of(head + "Teleborg,vc_bedomning,2025T1,3,2\n", cat, reg);
    EXPECT_NE(e.find("'taljare'"), std::string::npos) << e;
    e = error_of(head + "Teleborg,vc_bedomning,2025T1,3,\n", cat, reg);
    EXPECT_NE(e.find("nämnaren saknas"), std::string::npos) << e;
    EXPECT_NE(error_of("vardcentral,indikator,period\nTeleborg,vc_bedomning,2025\n", cat, reg).find("taljare"),
              std::string::npos);
}

TEST(FollowupSource, TheListingAndTheFollowUpShareOneMatcher) {
    // Names are matched as the catchment readers match them (match_care_centre): exactly, else
    // ignoring case, surrounding spaces and a leading "Vårdcentralen" (issue 15), each such match
    // logged for the build report; å/ä/ö are letters of their own.
    const CareCentreRegister reg = register_of({"Teleborg", "Sländan"});
    EXPECT_EQ(match_care_centre(reg, "Teleborg", {"x.csv", 2, {}, "vardcentral"}), 0u);
    EXPECT_TRUE(reg.loose_matches.empty());
    EXPECT_EQ(match_care_centre(reg, "teleborg", {"x.csv", 2, {}, "vardcentral"}), 0u);
    EXPECT_EQ(match_care_centre(reg, " Vårdcentralen  TELEBORG ", {"x.csv", 3, {}, "vardcentral"}), 0u);
    EXPECT_EQ(match_care_centre(reg, "teleborg", {"x.csv", 4, {}, "vardcentral"}), 0u);
    ASSERT_EQ(reg.loose_matches.size(), 2u);
    EXPECT_EQ(reg.loose_matches[0].written, "teleborg");
    EXPECT_EQ(reg.loose_matches[0].line, 2);
    EXPECT_EQ(reg.loose_matches[0].count, 2u);
    EXPECT_EQ(reg.loose_matches[1].name, "Teleborg");
    try {
        match_care_centre(reg, "Slandan", {"x.csv", 5, {}, "vardcentral"});
        ADD_FAILURE() << "Slandan matched";
    } catch (const omrade::DataError& e) {
        EXPECT_NE(std::string(e.what()).find("menade du 'Sländan'?"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("rad 5"), std::string::npos) << e.what();
    }
}

namespace {

// An attacker who has the published follow-up (uppfoljning.json): for every indicator and
// period, the county's numerator minus the published numerators of the vårdcentraler is the
// sum of the hidden ones. With exactly one suppressed vårdcentral (the others published or
// "Ingen data") that sum is its numerator. Also tries the county value times its denominator.
std::vector<std::pair<std::string, double>> attack(const nlohmann::json& published) {
    std::vector<std::pair<std::string, double>> recovered;
    for (const auto& ind : published["indikatorer"]) {
        const auto& county = ind["lanet"];
        std::optional<double> total;
        if (!county["taljare"].is_null()) total = county["taljare"].get<double>();
        else if (!county["varde"].is_null() && !county["namnare"].is_null())
            total = county["varde"].get<double>() / 100.0 * county["namnare"].get<double>();
        if (!total) continue;
        double published_sum = 0;
        std::vector<std::string> hidden;
        for (const auto& u : ind["vardcentraler"]) {
            const auto& s = u["senaste"];
            if (!s["taljare"].is_null()) published_sum += s["taljare"].get<double>();
            else if (s["status"] == "undertryckt") hidden.push_back(u["vardcentral"]);
        }
        if (hidden.size() == 1) recovered.emplace_back(hidden.front(), *total - published_sum);
    }
    return recovered;
}

}  // namespace

TEST(FollowupDisclosure, AttackOnTheVardcentralHierarchyRecoversNothing) {
    const Catalogue cat = parse_catalogue(catalogue_text, "k.toml");
    const CareCentreRegister reg = register_of({"A", "B", "C", "D", "E"});
    // C has 3 health dialogues (below 5: primary suppression); E has no data. The county is
    // published as the funnel's average: without secondary suppression, county − A − B − D = C.
    const fs::path f = write("hs.csv", "vardcentral,indikator,period,taljare,namnare\n"
                                       "A,vc_hs,2025,30,200\nB,vc_hs,2025,25,180\nC,vc_hs,2025,3,60\n"
                                       "D,vc_hs,2025,40,260\nE,vc_hs,2025,Ingen data,Ingen data\n");
    const FollowupData data = read_followup(f.string(), false, reg, cat);
    FollowupOptions options;
    options.rules = {5, 50, false};

    const Followup protected_f = compute_followup(data, cat, reg, options);
    const nlohmann::json out = followup_json(protected_f);
    EXPECT_TRUE(attack(out).empty()) << out.dump(1);
    const FollowupIndicator& fi = *protected_f.find("vc_hs");
    EXPECT_EQ(fi.primary, 1u);
    EXPECT_GE(fi.secondary, 1u);
    EXPECT_EQ(fi.units[2].latest().estimate.status, ValueStatus::suppressed);
    EXPECT_FALSE(fi.units[2].funnel);  // no funnel state, no level of a hidden value
    EXPECT_EQ(fi.units[4].latest().estimate.status, ValueStatus::missing);
    // Nothing of a suppressed unit is written: no numerator, value or limits anywhere.
    for (const auto& u : out["indikatorer"][0]["vardcentraler"]) {
        if (u["senaste"]["status"] != "undertryckt") continue;
        EXPECT_TRUE(u["senaste"]["varde"].is_null());
        EXPECT_TRUE(u["senaste"]["namnare"].is_null());
        EXPECT_TRUE(u["forandring_skillnad"]["varde"].is_null());
        EXPECT_EQ(u["tratt"], "");
    }

    // The same attack succeeds when only primary suppression is applied: the test can fail.
    options.secondary = false;
    const auto recovered = attack(followup_json(compute_followup(data, cat, reg, options)));
    ASSERT_EQ(recovered.size(), 1u);
    EXPECT_EQ(recovered.front().first, "C");
    EXPECT_DOUBLE_EQ(recovered.front().second, 3.0);
}

TEST(FollowupCompute, FunnelLevelsChangeAndCounts) {
    const Catalogue cat = parse_catalogue(catalogue_text, "k.toml");
    const CareCentreRegister reg = register_of({"A", "B", "C", "D"});
    // funnel_reference.py proportion 950/1000 850/1000 600/800 80/100: average 0.8552; A is
    // above the 99.8 % limit, C below it, D (80 %) inside; levels: A ≥ 90, B 81–89, C and D ≤ 80.
    const fs::path f = write("b.csv", "vardcentral,indikator,period,taljare,namnare\n"
                                      "A,vc_bedomning,2025T1,900,1000\nA,vc_bedomning,2025T2,950,1000\n"
                                      "B,vc_bedomning,2025T1,850,1000\nB,vc_bedomning,2025T2,850,1000\n"
                                      "C,vc_bedomning,2025T1,600,800\nC,vc_bedomning,2025T2,600,800\n"
                                      "D,vc_bedomning,2025T2,80,100\n");
    FollowupOptions options;
    const Followup fu = compute_followup(read_followup(f.string(), false, reg, cat), cat, reg, options);
    const FollowupIndicator& fi = *fu.find("vc_bedomning");
    ASSERT_EQ(fi.units.size(), 4u);
    EXPECT_EQ(*fi.units[0].funnel, FunnelSignificance::high_998);
    EXPECT_EQ(*fi.units[2].funnel, FunnelSignificance::low_998);
    EXPECT_EQ(*fi.units[3].funnel, FunnelSignificance::not_significant);
    EXPECT_EQ(fi.units[0].level, 2);
    EXPECT_EQ(fi.units[1].level, 1);
    EXPECT_EQ(fi.units[2].level, 0);
    EXPECT_EQ(fi.units[3].level, 0);
    EXPECT_EQ(fi.level_counts, (std::vector<int>{2, 1, 1}));
    EXPECT_EQ(fi.level_sentences.front(), "1 av 4 når 90 % eller högre");
    // A: 90 % → 95 % of 1 000 each: Newcombe's interval excludes 0.
    EXPECT_EQ(fi.units[0].change.direction, ChangeDirection::increase);
    EXPECT_EQ(fi.units[0].change_text, "förbättras");
    EXPECT_EQ(fi.units[1].change.direction, ChangeDirection::no_significant_change);
    EXPECT_EQ(fi.units[3].change.direction, ChangeDirection::cannot_be_calculated);  // D has no 2025T1
    EXPECT_EQ(fi.units[0].trend.direction, TrendDirection::cannot_be_calculated);   // two periods
    EXPECT_NEAR(*fi.county.value, (950.0 + 850 + 600 + 80) / 2900 * 100, 1e-9);
}
