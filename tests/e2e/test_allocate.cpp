// End-to-end tests of `omrade allocate`: the hand-worked example (golden file), the 2025 demo
// checked against shares recomputed here, the input formats and every data error.
#include "e2e/run.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace omrade::test;

namespace {

std::string fixture(const std::string& f) { return std::string(data_dir) + "/allocate/" + f; }

std::vector<std::string> split(const std::string& line, char delim) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream s(line);
    while (std::getline(s, cell, delim)) out.push_back(cell);
    if (!line.empty() && line.back() == delim) out.emplace_back();
    return out;
}

// Rows of a simple CSV (no quoted fields), CRLF tolerated.
std::vector<std::vector<std::string>> rows_of(const std::string& text, char delim = ',') {
    std::vector<std::vector<std::string>> rows;
    std::istringstream s(text);
    std::string line;
    while (std::getline(s, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) rows.push_back(split(line, delim));
    }
    return rows;
}

void expect_data_error(const RunResult& r, const std::vector<std::string>& parts) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << "no half output on stdout: " << r.out;
    for (const auto& p : parts) EXPECT_NE(r.err.find(p), std::string::npos) << "'" << p << "' not in: " << r.err;
}

}  // namespace

TEST(Allocate, HandWorkedExampleMatchesGoldenFile) {
    const auto r = run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots", fixture("liten_potter.toml")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, read_file(fixture("liten_forvantad.csv")));
    EXPECT_NE(r.err.find("pott 'Landsbygd': 1 000 kr på 2 vårdcentraler med 200 listade (5,0000 kr per listad)"),
              std::string::npos) << r.err;
    EXPECT_NE(r.err.find("ej med i 'Landsbygd' eftersom kommunkod saknas i listningen: D"), std::string::npos) << r.err;
}

TEST(Allocate, SwedishCsvAndXlsxListingsGiveTheSameResult) {
    const auto golden = read_file(fixture("liten_forvantad.csv"));
    for (const char* listing : {"liten_listning_sv.csv", "liten_listning.xlsx"}) {
        const auto r = run_omrade({"allocate", "--listing", fixture(listing), "--pots", fixture("liten_potter.toml")});
        ASSERT_EQ(r.exit_code, 0) << listing << ": " << r.err;
        EXPECT_EQ(r.out, golden) << listing;
    }
}

// Windows-1252 names with space thousands separators, matched against UTF-8 names in the TOML;
// no driftform column. "Alla" 1001 kr: 437.87 + 563.13 → floors 437 + 563, the krona left to Åseda.
TEST(Allocate, Windows1252ListingWithoutDriftform) {
    const auto r = run_omrade({"allocate", "--listing", fixture("listning_1252.csv"), "--pots", fixture("potter_namn.toml")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "vardcentral,kommunkod,driftform,listade,Bara Åseda,Alla,summa_bidrag,momskompensation,totalt\r\n"
              "Åseda,,,3579,1000,438,1438,0,1438\r\n"
              "Växjöhälsan Växjö,,,4603,0,563,563,0,563\r\n"
              "Summa,,,8182,1000,1001,2001,0,2001\r\n");
    EXPECT_NE(r.err.find("pott 'Bara Åseda': 1 000 kr på 1 vårdcentral med 3 579 listade"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("ingen kolumn driftform"), std::string::npos) << r.err;
}

TEST(Allocate, SwedishOutputFormatAndOutputFile) {
    const auto dir = scratch_dir("allocate_out");
    const auto out = (dir / "fordelning.csv").string();
    const auto r = run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots",
                               fixture("liten_potter.toml"), "--csv-format", "sv", "--output", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    const std::string text = read_file(out);
    ASSERT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u) << "BOM for Swedish Excel";
    std::string expected = read_file(fixture("liten_forvantad.csv"));
    for (auto& c : expected) c = c == ',' ? ';' : c;
    EXPECT_EQ(text.substr(3), expected);

    const auto again = run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots",
                                   fixture("liten_potter.toml"), "--output", out});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("--overwrite"), std::string::npos) << again.err;
    const auto overwrite = run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots",
                                       fixture("liten_potter.toml"), "--output", out, "--overwrite"});
    EXPECT_EQ(overwrite.exit_code, 0) << overwrite.err;
    EXPECT_EQ(read_file(out), read_file(fixture("liten_forvantad.csv")));
}

// The region's 2025 example: three pots, the rural one only in the five glesa
// landsbygdskommuner, 2 % VAT for private vårdcentraler, payment per tertial.
TEST(Allocate, KronobergDemo2025) {
    const auto r = run_omrade({"allocate", "--listing", kron("listning_2025.csv"), "--pots", kron("statsbidrag_2025.toml")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto out = rows_of(r.out);
    ASSERT_EQ(out.size(), 1u + 32u + 1u);
    const auto& header = out[0];
    ASSERT_EQ(header.size(), 4u + 3u + 3u + 3u);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;

    // Independent inputs: the listing read here, the pots as DOMAIN.md §7 states them.
    const auto listing = rows_of(read_file(kron("listning_2025.csv")));
    ASSERT_EQ(listing.size(), 33u);
    std::map<std::string, std::vector<std::string>> by_name;  // kommunkod, driftform, listade
    for (std::size_t i = 1; i < listing.size(); ++i) by_name[listing[i][0]] = {listing[i][1], listing[i][2], listing[i][3]};
    const std::set<std::string> glesa = {"0760", "0761", "0763", "0764", "0767"};
    struct PotSpec {
        std::string column;
        long long amount;
        bool rural;
    };
    const std::vector<PotSpec> pots = {{"Psykisk ohälsa", 9'500'000, false},
                                       {"Integrerad beteendehälsa", 6'000'000, false},
                                       {"Primärvård i landsbygd", 1'500'000, true}};
    long double all_listed = 0, rural_listed = 0;
    for (const auto& [name, v] : by_name) {
        all_listed += std::stold(v[2]);
        if (glesa.count(v[0])) rural_listed += std::stold(v[2]);
    }
    EXPECT_EQ(all_listed, 201669.0L);

    std::map<std::string, long long> column_sums;
    long long vat_sum = 0, total_sum = 0;
    for (std::size_t i = 1; i + 1 < out.size(); ++i) {
        const auto& row = out[i];
        const auto& in = by_name.at(row[0]);
        EXPECT_EQ(row[col["listade"]], in[2]);
        EXPECT_EQ(row[col["driftform"]], in[1]);
        long long sum = 0;
        for (const auto& p : pots) {
            ASSERT_TRUE(col.count(p.column)) << p.column;
            const long long got = std::stoll(row[col[p.column]]);
            const bool eligible = !p.rural || glesa.count(in[0]);
            const long double exact =
                eligible ? static_cast<long double>(p.amount) * std::stold(in[2]) / (p.rural ? rural_listed : all_listed) : 0;
            EXPECT_LT(std::fabs(static_cast<long double>(got) - exact), 1.0L) << row[0] << " " << p.column;
            column_sums[p.column] += got;
            sum += got;
        }
        EXPECT_EQ(std::stoll(row[col["summa_bidrag"]]), sum);
        // 2 % rounded half away from zero: (2·sum + 50) div 100 for sums >= 0.
        const long long vat = in[1] == "privat" ? (2 * sum + 50) / 100 : 0;
        EXPECT_EQ(std::stoll(row[col["momskompensation"]]), vat) << row[0];
        const long long total = sum + vat;
        EXPECT_EQ(std::stoll(row[col["totalt"]]), total);
        long long tertials = 0;
        for (const char* t : {"tertial_1", "tertial_2", "tertial_3"}) {
            const long long part = std::stoll(row[col[t]]);
            EXPECT_TRUE(part == total / 3 || part == total / 3 + 1) << row[0] << " " << t;
            tertials += part;
        }
        EXPECT_EQ(tertials, total) << row[0];
        vat_sum += vat;
        total_sum += total;
    }
    const auto& summa = out.back();
    EXPECT_EQ(summa[0], "Summa");
    EXPECT_EQ(summa[col["listade"]], "201669");
    for (const auto& p : pots) {
        EXPECT_EQ(column_sums[p.column], p.amount) << p.column;
        EXPECT_EQ(std::stoll(summa[col[p.column]]), p.amount) << p.column;
    }
    EXPECT_EQ(std::stoll(summa[col["summa_bidrag"]]), 17'000'000);
    EXPECT_EQ(std::stoll(summa[col["momskompensation"]]), vat_sum);
    EXPECT_EQ(std::stoll(summa[col["totalt"]]), total_sum);
    EXPECT_EQ(total_sum, 17'000'000 + vat_sum);
    // Hälsocentralen Falken has no kommunkod in the register and is reported as left out.
    EXPECT_NE(r.err.find("kommunkod saknas i listningen: Hälsocentralen Falken"), std::string::npos) << r.err;
}

TEST(Allocate, NamedCentreMissingFromListing) {
    expect_data_error(run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots", fixture("potter_okand_vc.toml")}),
                      {"potter_okand_vc.toml: rad 6", "objekt pott 'Utvalda'", "fält 'vardcentraler'",
                       "'Vårdcentralen E' finns inte i listningen", "stavas exakt"});
}

TEST(Allocate, NegativeCount) {
    expect_data_error(run_omrade({"allocate", "--listing", fixture("listning_negativ.csv"), "--pots", fixture("liten_potter.toml")}),
                      {"listning_negativ.csv: rad 3", "fält 'listade'", "negativt", "0 eller mer"});
}

TEST(Allocate, NonIntegerCount) {
    expect_data_error(run_omrade({"allocate", "--listing", fixture("listning_decimal.csv"), "--pots", fixture("liten_potter.toml")}),
                      {"listning_decimal.csv: rad 3", "fält 'listade'", "inget heltal (300,5)"});
}

TEST(Allocate, DuplicateCentre) {
    expect_data_error(run_omrade({"allocate", "--listing", fixture("listning_dubblett.csv"), "--pots", fixture("liten_potter.toml")}),
                      {"listning_dubblett.csv: rad 5", "objekt B", "fält 'vardcentral'", "finns redan på rad 3"});
}

TEST(Allocate, EmptyEligibleSet) {
    expect_data_error(run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots", fixture("potter_ingen_behorig.toml")}),
                      {"potter_ingen_behorig.toml: rad 5", "objekt pott 'Ljungby'", "ingen vårdcentral i listningen ligger i kommunerna 0781"});
}

TEST(Allocate, PotNotAPositiveAmount) {
    expect_data_error(run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots", fixture("potter_belopp_noll.toml")}),
                      {"potter_belopp_noll.toml: rad 3", "fält 'belopp'", "inte ett positivt belopp"});
    expect_data_error(run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots", fixture("potter_belopp_decimal.toml")}),
                      {"potter_belopp_decimal.toml: rad 3", "fält 'belopp'", "heltal i kronor"});
}

TEST(Allocate, UnknownKey) {
    expect_data_error(run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots", fixture("potter_okand_nyckel.toml")}),
                      {"potter_okand_nyckel.toml: rad 4", "fält 'kommun'", "okänd nyckel", "kommuner, vardcentraler"});
}

TEST(Allocate, UsageErrors) {
    EXPECT_EQ(run_omrade({"allocate", "--listing", fixture("liten_listning.csv")}).exit_code, 2);
    const auto fmt = run_omrade({"allocate", "--listing", fixture("liten_listning.csv"), "--pots",
                                 fixture("liten_potter.toml"), "--csv-format", "excel"});
    EXPECT_EQ(fmt.exit_code, 2);
    EXPECT_NE(fmt.err.find("okänt CSV-format"), std::string::npos) << fmt.err;
    const auto help = run_omrade({"allocate", "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--pots"), std::string::npos);
}
