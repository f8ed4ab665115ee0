#include "profiles/report/html.hpp"

#include "profiles/report/markup.hpp"
#include "profiles/report/svg.hpp"
#include "profiles/report/swedish_format.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <map>

namespace omrade::profiles::report {

const char* status_text(CellStatus s) {
    switch (s) {
    case CellStatus::ok: return "";
    case CellStatus::missing: return "saknas";
    case CellStatus::too_few: return "för få för beräkning";
    case CellStatus::suppressed: return "undertryckt";
    }
    return "";
}

std::string suppression_footnote(double min_numerator, double min_denominator) {
    return fmt::format("undertryckt (färre än {} händelser eller en nämnare under {}, eller för att ett "
                       "undertryckt värde annars skulle kunna räknas fram ur andra redovisade värden); "
                       "värdet visas inte för att skydda enskilda personer. Undertryckt är inte samma "
                       "sak som saknas eller noll.",
                       format_number(min_numerator, 0), format_number(min_denominator, 0));
}

namespace {

// Print-first stylesheet: A4, system fonts only, nothing splits across pages that should not.
constexpr const char* css = R"CSS(
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt;
       line-height: 1.35; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 17pt; margin: 0 0 2mm 0; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm 0; border-bottom: 1.5pt solid #045A8D; padding-bottom: 1mm;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm 0; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0 2mm 0; }
.demo { border: 2.5pt solid #B00020; color: #B00020; font-weight: bold; font-size: 13pt; text-align: center;
        padding: 2.5mm; margin: 0 0 3mm 0; letter-spacing: 0.02em; }
.demo-small { color: #B00020; font-weight: bold; }
.titelblock { border: 0.8pt solid #999; padding: 3mm; margin-bottom: 3mm; }
.titelblock dl { display: grid; grid-template-columns: 38mm 1fr; gap: 0.6mm 3mm; margin: 0; }
.titelblock dt { font-weight: bold; }
.titelblock dd { margin: 0; }
.undertitel { font-size: 11pt; color: #333; margin: 0 0 3mm 0; }
.nyckeltal { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 2mm 0; }
.nyckel { border: 0.8pt solid #BDC9E1; background: #F1EEF6; padding: 2mm; break-inside: avoid; }
.nyckel .v { font-size: 14pt; font-weight: bold; }
.nyckel .l { font-size: 8.5pt; }
.nyckel .n { font-size: 7.5pt; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm 0; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border-bottom: 0.5pt solid #CCC; padding: 0.8mm 1.2mm; vertical-align: top; }
th { background: #E8E8E8; text-align: left; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
th.num { text-align: right; }
table.deso { font-size: 7.5pt; }
table.deso th, table.deso td { padding: 0.8mm 0.8mm; }
table.deso td.kod { white-space: nowrap; word-break: normal; }
#ursprung { break-inside: avoid; page-break-inside: avoid; }
tr.doman td { background: #D0D1E6; font-weight: bold; border-top: 1pt solid #045A8D; }
td.jmf { text-align: center; white-space: nowrap; }
.svag { color: #666; }
.figur { break-inside: avoid; page-break-inside: avoid; margin: 2mm 0 3mm 0; }
.figur svg { width: 100%; height: auto; display: block; }
.figur.pyramid svg { max-width: 150mm; margin: 0 auto; }
.figur svg.karta { max-height: 104mm; width: auto; max-width: 100%; margin: 0 auto; }
.figur figcaption { font-size: 8.5pt; color: #333; margin-top: 1mm; }
.sidbrytning { break-before: page; page-break-before: always; }
#ryggrad .figur { margin: 0.5mm 0 1mm 0; }
#ryggrad h3 { margin: 2mm 0 0.3mm 0; }
#metod p { font-size: 8.5pt; margin: 0.5mm 0 1.2mm 0; }
table.ursprung { font-size: 7.5pt; }
.delning { font-size: 9pt; border-left: 2pt solid #7A0177; padding: 0.5mm 0 0.5mm 2mm; margin: 1.5mm 0; }
td.delas, td.anm { font-size: 7.5pt; }
table.definitioner { font-size: 7.5pt; }
.fotnoter { font-size: 8pt; color: #333; }
.fotnoter p { margin: 0.5mm 0; }
.teckenforklaring { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 8pt; margin: 1mm 0 2mm 0; }
.teckenforklaring span.ruta { display: inline-block; width: 4mm; height: 3mm; border: 0.5pt solid #555;
                               vertical-align: middle; margin-right: 1mm; }
code, .kod { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8pt; word-break: break-all; }
a { color: #045A8D; }
td.trend { white-space: nowrap; text-align: center; }
.serier { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1mm 2.5mm; }
.serier figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
.serier svg { width: 100%; height: auto; display: block; }
.serier h4 { font-size: 7.5pt; margin: 0.5mm 0 0 0; }
.serier .sammanfattning { font-size: 7.5pt; margin: 0; }
.serier figcaption { font-size: 6.5pt; color: #444; margin: 0; }
table.indikatorer { font-size: 7.6pt; }
table.indikatorer th, table.indikatorer td { padding: 0.45mm 1mm; line-height: 1.2; }
table.indikatorer td.trend { font-size: 7pt; }
table.skillnad { font-size: 7.5pt; }
.ordruta { display: inline-block; padding: 0 1mm; font-size: 7.5pt; font-weight: bold; }
table.skillnad td.ord { font-weight: bold; white-space: nowrap; }
table.inom { font-size: 7.5pt; }
table.inom th, table.inom td { padding: 0.5mm 1mm; }
.trattar { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1mm 2mm; }
.trattar figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
.trattar svg, .tratt svg { width: 100%; height: auto; display: block; }
.trattar h4 { font-size: 7.5pt; margin: 0.5mm 0 0 0; }
.tratt { break-inside: avoid; page-break-inside: avoid; margin: 1mm 0 1mm 0; }
.nivaer { font-weight: bold; margin: 1mm 0; }
table.uppf { font-size: 7.2pt; }
table.uppf th, table.uppf td { padding: 0.35mm 0.9mm; line-height: 1.15; }
table.uppf .ordruta, table.inom .ordruta { white-space: nowrap; font-size: 6.8pt; }
section.indikator { break-before: page; page-break-before: always; }
footer { margin-top: 6mm; font-size: 7.5pt; color: #555; border-top: 0.5pt solid #999; padding-top: 1mm; }
@media screen { body { padding: 8mm; } }
)CSS";

// Footnotes for absent values, numbered in order of first use.
class Footnotes {
public:
    int number(const std::string& text) {
        auto [it, added] = m_index.try_emplace(text, static_cast<int>(m_texts.size()) + 1);
        if (added) m_texts.push_back(text);
        return it->second;
    }
    void render(Markup& m) const {
        if (m_texts.empty()) return;
        m.open("div", {{"class", "fotnoter"}});
        for (std::size_t i = 0; i < m_texts.size(); ++i) {
            m.open("p").open("sup").text(std::to_string(i + 1)).close("sup").text(" " + m_texts[i]).close("p");
        }
        m.close("div");
    }

private:
    std::map<std::string, int> m_index;
    std::vector<std::string> m_texts;
};

struct Context {
    const ReportInput* in = nullptr;
    Footnotes notes;
    std::string suppressed_text;
};

// Writes a value or the reason it is absent. Suppressed: "–" with a footnote; missing and
// too-few: their word (never "0", never blank).
void cell(Markup& m, Context& ctx, const Cell& c, const std::string& unit, int decimals) {
    if (c.status == CellStatus::ok && c.value) {
        m.text(format_with_unit(*c.value, unit, decimals));
        return;
    }
    if (c.status == CellStatus::suppressed) {
        std::string text = ctx.suppressed_text;
        if (!c.reason.empty()) text = "undertryckt: " + c.reason + ".";
        const int n = ctx.notes.number(text);
        m.open("span", {{"title", "undertryckt"}}).text("\u2013").close("span");
        m.open("sup").text(std::to_string(n)).close("sup");
        return;
    }
    m.open("span", {{"class", "svag"}}).text(status_text(c.status)).close("span");
    if (!c.reason.empty()) {
        m.open("sup").text(std::to_string(ctx.notes.number(std::string(status_text(c.status)) + ": " + c.reason))).close("sup");
    }
}

// Black or white text on a background colour, whichever contrasts more.
const char* text_on(const std::string& hex) {
    if (hex.size() != 7 || hex[0] != '#') return "#111111";
    const long v = std::strtol(hex.c_str() + 1, nullptr, 16);
    const double r = static_cast<double>((v >> 16) & 0xFF), g = static_cast<double>((v >> 8) & 0xFF),
                 b = static_cast<double>(v & 0xFF);
    return (0.299 * r + 0.587 * g + 0.114 * b) < 140 ? "#FFFFFF" : "#111111";
}

void demo_banner(Markup& m, const Provenance& p) {
    if (!p.synthetic) return;
    m.open("div", {{"class", "demo"}, {"role", "note"}});
    m.text("SYNTETISKA DEMODATA – inte verkliga hälsodata");
    m.close("div");
}

std::string short_file(const std::string& source) {
    std::string s = source.substr(0, source.find('|'));
    const auto slash = s.find_last_of('/');
    return slash == std::string::npos ? s : s.substr(slash + 1);
}

void head(Markup& m, const std::string& title) {
    m.raw("<!DOCTYPE html>\n");
    m.open("html", {{"lang", "sv"}});
    m.open("head");
    m.empty("meta", {{"charset", "utf-8"}});
    m.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
    m.element("title", title);
    m.open("style").raw(css).close("style");
    m.close("head");
    m.raw("\n");
}

void key_figures(Markup& m, Context& ctx, const std::vector<KeyFigure>& figures) {
    m.open("div", {{"class", "nyckeltal"}});
    for (const auto& k : figures) {
        m.open("div", {{"class", "nyckel"}});
        m.open("div", {{"class", "v"}});
        cell(m, ctx, k.value, k.unit, k.decimals);
        m.close("div");
        m.element("div", k.label, {{"class", "l"}});
        if (!k.note.empty()) m.element("div", k.note, {{"class", "n"}});
        m.close("div");
    }
    m.close("div");
}

void title_block(Markup& m, const ReportInput& in) {
    const auto& p = in.provenance;
    m.element("h1", "Områdesprofil: " + in.pilot_title);
    m.element("p", in.title + " · " + in.region, {{"class", "undertitel"}});
    demo_banner(m, p);
    m.open("div", {{"class", "titelblock"}});
    m.open("dl");
    auto row = [&m](const std::string& k, const std::string& v) { m.element("dt", k).element("dd", v); };
    row("Vårdcentral", in.care_centre);
    row("Upptagningsområde", p.catchment_method);
    row("Områdesindelning", p.area_division);
    row("Dataår", p.data_years);
    row("Byggd", format_date_long(p.built) + (p.tool_version.empty() ? "" : " med omrade " + p.tool_version));
    m.element("dt", "Indata");
    m.open("dd");
    for (std::size_t i = 0; i < p.inputs.size(); ++i) {
        const auto& f = p.inputs[i];
        if (i) m.raw("<br/>");
        m.text(f.kind + ": " + short_file(f.source) + " ");
        m.element("span", "sha256 " + f.sha256.substr(0, 12) + "…", {{"class", "kod"}});
    }
    m.text(" (fullständiga kontrollsummor under Ursprung)");
    m.close("dd");
    m.close("dl");
    m.close("div");
}

void indicator_table(Markup& m, Context& ctx, const std::vector<Domain>& domains) {
    bool targets = false;  // no empty target column when no indicator has one
    bool trends = false;   // nor a trend column when no indicator has a series
    for (const auto& d : domains) {
        for (const auto& r : d.rows) {
            targets = targets || !r.target.empty();
            trends = trends || !r.trend.empty();
        }
    }
    m.open("table", {{"class", "indikatorer"}});
    m.open("thead").open("tr");
    m.element("th", "Indikator").element("th", "År");
    m.element("th", "Området", {{"class", "num"}}).element("th", "KI", {{"class", "num"}});
    m.element("th", "Länet", {{"class", "num"}}).element("th", "Jämfört med länet");
    m.element("th", "DeSO lägst–högst", {{"class", "num"}});
    if (trends) m.element("th", "Utveckling");
    if (targets) m.element("th", "Målvärde");
    m.close("tr").close("thead");
    m.open("tbody");
    const int columns = 7 + (targets ? 1 : 0) + (trends ? 1 : 0);
    for (const auto& d : domains) {
        m.open("tr", {{"class", "doman"}}).element("td", d.name, {{"colspan", std::to_string(columns)}}).close("tr");
        for (const auto& r : d.rows) {
            const std::string unit = r.unit == "%" ? "%" : "";
            m.open("tr");
            m.open("td").text(r.name);
            if (r.synthetic && d.name.find("SYNTETISKA") == std::string::npos) m.element("span", " (syntetisk)", {{"class", "demo-small"}});
            if (!r.unit.empty() && r.unit != "%") m.element("span", " (" + r.unit + ")", {{"class", "svag"}});
            if (r.unit == "%") m.element("span", " (%)", {{"class", "svag"}});
            m.close("td");
            m.element("td", r.year);
            m.open("td", {{"class", "num"}});
            cell(m, ctx, r.value, unit, r.decimals);
            m.close("td");
            m.open("td", {{"class", "num"}});
            if (r.lower && r.upper) {
                m.text(format_number(*r.lower, r.decimals) + "\u2013" + format_number(*r.upper, r.decimals));
            } else {
                m.element("span", "ej beräknat", {{"class", "svag"}});
            }
            m.close("td");
            m.open("td", {{"class", "num"}});
            cell(m, ctx, r.county, unit, r.decimals);
            m.close("td");
            const std::string bg = r.comparison_colour.empty() ? "#C9C9C9" : r.comparison_colour;
            const std::string style = "background:" + bg + ";color:" + text_on(bg);
            m.element("td", r.comparison.empty() ? "ej jämförd" : r.comparison, {{"class", "jmf"}, {"style", style}});
            m.open("td", {{"class", "num"}});
            if (r.deso_min && r.deso_max) {
                m.text(format_number(*r.deso_min, r.decimals) + "\u2013" + format_number(*r.deso_max, r.decimals));
                // The area's value may lie outside the range of the DeSOs that are shown.
                if (r.deso_published < r.deso_count) {
                    m.raw("<br/>");
                    m.element("span", std::to_string(r.deso_published) + " av " + std::to_string(r.deso_count) + " DeSO redovisas",
                              {{"class", "svag"}});
                }
            } else {
                m.element("span", r.deso_range_note.empty() ? "saknas" : r.deso_range_note, {{"class", "svag"}});
            }
            m.close("td");
            if (trends) {
                if (r.trend.empty()) {
                    m.element("td", "ett år", {{"class", "trend svag"}});
                } else {
                    const std::string tbg = r.trend_colour.empty() ? "#C9C9C9" : r.trend_colour;
                    m.open("td", {{"class", "trend"}, {"style", "background:" + tbg + ";color:" + text_on(tbg)},
                                  {"title", r.trend_reason}});
                    m.text((r.trend_arrow.empty() ? "" : r.trend_arrow + " ") + r.trend);
                    if (r.converted) m.open("sup").text(std::to_string(ctx.notes.number(
                                         "Ett eller flera år är omräknade från DeSO 2018 till DeSO 2025 med en nyckel."))).close("sup");
                    m.close("td");
                }
            }
            if (targets) {
                m.open("td");
                if (!r.target.empty()) {
                    m.text(r.target);
                    if (!r.target_status.empty()) m.text(": " + r.target_status);
                }
                m.close("td");
            }
            m.close("tr");
        }
    }
    m.close("tbody").close("table");
}

void word_box(Markup& m, const std::string& word, const std::string& colour) {
    const std::string bg = colour.empty() ? "#C9C9C9" : colour;
    m.element("span", word, {{"class", "ordruta"}, {"style", "background:" + bg + ";color:" + text_on(bg)}});
}

// "Utveckling över tid": the gap verdicts first (the pilot's success measure), then one small
// chart per indicator, then the SII charts.
void development_section(Markup& m, const ReportInput& in) {
    if (in.development.empty()) return;
    m.open("section", {{"id", "utveckling"}, {"class", "sidbrytning"}});
    m.element("h2", "Utveckling över tid");
    demo_banner(m, in.provenance);
    m.element("h3", "Minskar skillnaderna i länet?");
    m.element("p", "Lutningsindex för ojämlikhet (SII) mellan länets DeSO per år, rangordnade efter låg ekonomisk "
                   "standard: skillnaden mellan det mest och det minst utsatta läget. Bedömningen bygger på "
                   "trenden (fem år eller fler) eller förändringen sedan föregående år, med SII:s konfidensintervall.",
              {{"class", "fotnoter"}});
    m.open("table", {{"class", "skillnad"}});
    m.open("thead").open("tr").element("th", "Indikator").element("th", "SII senaste året", {{"class", "num"}});
    m.element("th", "Skillnaden").element("th", "Grund").close("tr").close("thead").open("tbody");
    for (const auto& g : in.gaps) {
        m.open("tr").open("td").text(g.name);
        if (g.synthetic) m.element("span", " (syntetisk)", {{"class", "demo-small"}});
        m.close("td");
        std::string latest = "–";
        for (std::size_t k = g.sii.size(); k-- > 0;) {
            if (g.sii[k].status == CellStatus::ok && g.sii[k].value) {
                latest = format_number(*g.sii[k].value, g.decimals) + " (" + std::to_string(g.years[k]) + ")";
                break;
            }
        }
        m.element("td", latest, {{"class", "num"}});
        m.element("td", g.verdict, {{"class", "ord"}});
        m.element("td", g.reason.substr(0, g.reason.find(':')), {{"class", "svag"}, {"title", g.reason}});
        m.close("tr");
    }
    m.close("tbody").close("table");

    m.element("h3", "Området jämfört med länet");
    m.element("p", "Blå linje och band: området med 95 % konfidensintervall. Streckad grå: länet. Röd prickad: "
                   "målvärdet. Ett år utan värde lämnar ett glapp, aldrig en nolla.",
              {{"class", "fotnoter"}});
    m.open("div", {{"class", "serier"}});
    for (const auto& c : in.development) {
        m.open("figure");
        m.open("h4").text(c.name + (c.unit.empty() ? "" : " (" + c.unit + ")"));
        if (c.synthetic) m.element("span", " syntetisk", {{"class", "demo-small"}});
        m.close("h4");
        m.open("p", {{"class", "sammanfattning"}}).text(c.summary + " ");
        word_box(m, c.word, c.word_colour);
        m.close("p");
        m.raw(svg_series_chart(c));
        m.element("figcaption", c.reason);
        m.close("figure");
    }
    m.close("div");

    m.element("h3", "Skillnaden i länet (SII) per år");
    m.open("div", {{"class", "serier"}});
    for (const auto& g : in.gaps) {
        m.open("figure");
        m.open("h4").text(g.name);
        if (g.synthetic) m.element("span", " syntetisk", {{"class", "demo-small"}});
        m.close("h4");
        m.open("p", {{"class", "sammanfattning"}});
        word_box(m, g.verdict, "");
        m.close("p");
        m.raw(svg_gap_chart(g));
        m.close("figure");
    }
    m.close("div");
    m.close("section");
}

void comparison_legend(Markup& m) {
    static const std::pair<const char*, const char*> items[] = {
        {"#92D050", "bättre än länet"}, {"#FFC000", "likvärdigt"}, {"#C00000", "sämre än länet"},
        {"#BED2FF", "högre (ingen riktning)"}, {"#5555E6", "lägre (ingen riktning)"}, {"#C9C9C9", "ej jämförd"}};
    m.open("div", {{"class", "teckenforklaring"}});
    for (const auto& [colour, text] : items) {
        m.open("span");
        m.element("span", "", {{"class", "ruta"}, {"style", std::string("background:") + colour}});
        m.text(text);
        m.close("span");
    }
    m.close("div");
}

void deso_table(Markup& m, Context& ctx, const ReportInput& in) {
    m.open("table", {{"class", "deso"}});
    m.open("thead").open("tr");
    m.element("th", "DeSO").element("th", "Kommun");
    m.element("th", "Andel i området", {{"class", "num"}});
    const bool shared = std::any_of(in.deso_rows.begin(), in.deso_rows.end(), [](const DesoRow& r) { return !r.shared_with.empty(); });
    if (shared) m.element("th", "Delas med");
    m.element("th", "Befolkning", {{"class", "num"}});
    for (const auto& c : in.deso_columns) {
        m.element("th", c.name + (c.unit.empty() ? "" : " (" + c.unit + ")"), {{"class", "num"}});
    }
    m.close("tr").close("thead").open("tbody");
    for (const auto& r : in.deso_rows) {
        m.open("tr");
        m.element("td", r.code, {{"class", "kod"}});
        m.element("td", r.kommun);
        m.element("td", format_percent(100.0 * r.share, 0), {{"class", "num"}});
        if (shared) m.element("td", r.shared_with, {{"class", "delas"}});
        m.open("td", {{"class", "num"}});
        cell(m, ctx, r.population, "", 0);
        m.close("td");
        for (std::size_t i = 0; i < in.deso_columns.size(); ++i) {
            m.open("td", {{"class", "num"}});
            const auto& col = in.deso_columns[i];
            if (i < r.cells.size()) cell(m, ctx, r.cells[i], "", col.decimals);
            m.close("td");
        }
        m.close("tr");
    }
    m.close("tbody").close("table");
    for (const auto& c : in.deso_columns) {
        if (!c.name.empty() && c.name.back() == '*') {
            m.element("p", "* bygger på SYNTETISKA DEMODATA – inte verkliga hälsodata.", {{"class", "fotnoter demo-small"}});
            break;
        }
    }
}

void sensitivity_table(Markup& m, Context& ctx, const ReportInput& in) {
    m.open("table", {{"class", "kanslighet"}});
    m.open("thead").open("tr").element("th", "Metod för upptagningsområde");
    for (const auto& c : in.sensitivity_columns) {
        m.element("th", c.name + (c.unit.empty() || c.unit == "%" ? "" : " (" + c.unit + ")"), {{"class", "num"}});
    }
    m.element("th", "Anmärkning");
    m.close("tr").close("thead").open("tbody");
    for (const auto& r : in.sensitivity) {
        m.open("tr").element("td", r.method);
        for (std::size_t i = 0; i < in.sensitivity_columns.size(); ++i) {
            m.open("td", {{"class", "num"}});
            if (i < r.cells.size()) cell(m, ctx, r.cells[i], in.sensitivity_columns[i].unit, in.sensitivity_columns[i].decimals);
            m.close("td");
        }
        m.element("td", r.note);
        m.close("tr");
    }
    m.close("tbody").close("table");
}

void provenance_table(Markup& m, const Provenance& p) {
    m.open("table", {{"class", "ursprung"}});
    m.open("thead").open("tr").element("th", "Typ").element("th", "Källa").element("th", "SHA-256").close("tr").close("thead");
    m.open("tbody");
    for (const auto& f : p.inputs) {
        m.open("tr").element("td", f.kind).element("td", f.source, {{"class", "kod"}}).element("td", f.sha256, {{"class", "kod"}}).close("tr");
    }
    m.close("tbody").close("table");
}

// "Inom vårdcentralen": the pilot's own listed patients beside the area's residents.
void inside_section_html(Markup& m, const InsideSection& s) {
    m.open("section", {{"id", "inom"}});
    m.element("h2", "Inom vårdcentralen");
    if (s.synthetic) {
        m.open("div", {{"class", "demo"}, {"role", "note"}}).text("SYNTETISKA DEMODATA – inte verkliga hälsodata").close("div");
    }
    m.open("p").text("Vårdcentralens egna listade patienter, jämförda med alla vårdcentraler i länet i ett trattdiagram "
                     "(95 % och 99,8 % kontrollgränser kring länets medelvärde), och bredvid samma mått för "
                     + s.residents_label + " där båda finns: runt och inom. Hela uppföljningen: ");
    m.open("a", {{"href", s.href}}).text("uppföljning av alla vårdcentraler").close("a").text(".").close("p");
    m.open("table", {{"class", "inom"}}).open("thead").open("tr");
    for (const char* h : {"Indikator", "Period", "Värde", "95 % KI", "Länet", "I trattdiagrammet", "Målvärde",
                          "Sedan föregående", "Trend", "Invånarna i området"}) {
        m.element("th", h);
    }
    m.close("tr").close("thead").open("tbody");
    for (const auto& r : s.rows) {
        m.open("tr").element("td", r.indicator).element("td", r.period).element("td", r.value, {{"class", "num"}});
        m.element("td", r.interval, {{"class", "num"}}).element("td", r.county, {{"class", "num"}});
        m.open("td");
        if (!r.funnel.empty()) word_box(m, r.funnel, r.funnel_colour);
        m.close("td").open("td");
        if (!r.level.empty()) word_box(m, r.level, r.level_colour);
        m.close("td");
        m.element("td", r.change).element("td", r.trend).element("td", r.residents, {{"class", "num"}}).close("tr");
    }
    m.close("tbody").close("table");
    m.open("div", {{"class", "trattar"}});
    for (const auto& [title, svg] : s.funnels) {
        m.open("figure").element("h4", title).raw(svg).close("figure");
    }
    m.close("div");
    m.element("p", "Punkterna är vårdcentralerna (störst nämnare längst till höger), den fyllda svarta punkten med namn är "
                   "den här vårdcentralen. Heldragen linje: länets medelvärde; streckad: 95 %; prickad: 99,8 %; röd: målvärdet. "
                   "Undertryckta och saknade värden ritas inte.",
              {{"class", "fotnoter"}});
    m.close("section");
}

}  // namespace

void html_head(Markup& m, const std::string& title) { head(m, title); }
void html_word_box(Markup& m, const std::string& word, const std::string& colour) { word_box(m, word, colour); }

std::string render_report_html(const ReportInput& in) {
    Context ctx;
    ctx.in = &in;
    ctx.suppressed_text = suppression_footnote(in.min_numerator, in.min_denominator);
    Markup m;
    head(m, "Områdesprofil " + in.pilot_title);
    m.open("body");
    m.open("header");
    title_block(m, in);
    m.close("header");

    m.open("section", {{"id", "nyckeltal"}});
    m.element("h2", "Nyckeltal");
    key_figures(m, ctx, in.key_figures);
    for (const auto& p : in.sharing) m.element("p", p, {{"class", "delning"}});
    if (!in.population_note.empty()) m.element("p", in.population_note, {{"class", "fotnoter"}});
    if (!in.pyramid.bands.empty()) {
        m.open("figure", {{"class", "figur pyramid"}});
        m.raw(svg_pyramid(in.pyramid));
        m.element("figcaption", "Åldersfördelning i upptagningsområdet, andel av befolkningen per kön och "
                                "femårsgrupp (staplar). Svart linje: länet.");
        m.close("figure");
    }
    m.close("section");

    if (!in.domains.empty()) {
        m.open("section", {{"id", "indikatorer"}, {"class", "sidbrytning"}});
        m.element("h2", "Indikatorer");
        demo_banner(m, in.provenance);
        indicator_table(m, ctx, in.domains);
        comparison_legend(m);
        if (!in.population_note.empty()) m.element("p", in.population_note, {{"class", "fotnoter"}});
        m.element("p", "Jämförelsen med länet görs med områdets konfidensintervall (KI; 95 %, eller 99,8 % där det står): "
                       "ligger länets värde inom intervallet är skillnaden inte säkerställd (likvärdigt). Utan KI "
                       "(SCB-värden utan antal) görs ingen jämförelse. Tabellens KI är 95 % (99,8 % där jämförelsen är det).",
                  {{"class", "fotnoter"}});
        m.close("section");

        development_section(m, in);
        if (in.inside) inside_section_html(m, *in.inside);

        m.open("section", {{"id", "ryggrad"}, {"class", "sidbrytning"}});
        m.element("h2", "Ryggradsdiagram: området i länets spridning");
        m.element("p", "Varje rad visar spridningen mellan länets DeSO (ljusgrå: lägst till högst, mörkgrå: mittersta "
                       "hälften), länets värde (svart streck i mitten) och områdets värde (ring, färgad efter "
                       "jämförelsen). Skalan är egen för varje rad. Spridningen bygger bara på redovisade DeSO-värden; "
                       "är många undertryckta kan den skilja sig från länets värde.");
        for (const auto& d : in.domains) {
            m.open("div", {{"class", "figur"}});
            m.element("h3", d.name);
            m.raw(svg_spine_chart(d));
            m.close("div");
        }
        m.close("section");
    }

    if (!in.maps.empty()) {
        m.open("section", {{"id", "kartor"}, {"class", "sidbrytning"}});
        m.element("h2", "Kartor");
        for (std::size_t i = 0; i < in.maps.size(); ++i) {
            const auto& map = in.maps[i];
            m.open("figure", {{"class", "figur"}});
            m.element("h3", map.title);
            if (map.synthetic) m.element("p", "SYNTETISKA DEMODATA – inte verkliga hälsodata", {{"class", "demo-small"}});
            m.raw(svg_choropleth(in, map, "karta" + std::to_string(i + 1)));
            m.element("figcaption", "DeSO färgade efter " + map.classification +
                                        " (samma klassgränser för hela länet). Tjock svart linje: upptagningsområdet.");
            m.close("figure");
        }
        m.close("section");
    }

    m.open("section", {{"id", "deso"}});
    m.element("h2", "DeSO i upptagningsområdet");
    deso_table(m, ctx, in);
    m.close("section");

    if (!in.sensitivity.empty()) {
        m.open("section", {{"id", "kanslighet"}});
        m.element("h2", "Känslighet för val av upptagningsområde");
        m.element("p", "Samma nyckeltal beräknade med de metoder för upptagningsområde som finns i underlaget. "
                       "Stora skillnader betyder att profilen beror på hur området avgränsas.");
        sensitivity_table(m, ctx, in);
        m.close("section");
    }

    if (!in.definitions.empty()) {
        m.open("section", {{"id", "definitioner"}});
        m.element("h2", "Definitioner och källor");
        m.open("table", {{"class", "definitioner"}});
        m.open("thead").open("tr").element("th", "Indikator").element("th", "Definition").element("th", "Enhet och typ");
        m.element("th", "Källa").element("th", "År").close("tr").close("thead").open("tbody");
        for (const auto& d : in.definitions) {
            m.open("tr").element("td", d.name).element("td", d.definition);
            m.element("td", (d.unit.empty() ? "" : d.unit + "; ") + d.kind);
            m.open("td").text(d.source);
            if (d.synthetic) m.element("span", " SYNTETISKA DEMODATA", {{"class", "demo-small"}});
            m.close("td").element("td", d.years).close("tr");
        }
        m.close("tbody").close("table");
        m.close("section");
    }

    m.open("section", {{"id", "metod"}});
    m.element("h2", "Metod och undertryckning");
    for (const auto& n : in.notes) m.element("p", n);
    m.element("h3", "Fotnoter");
    ctx.notes.render(m);
    m.element("p", "– undertryckt värde (se fotnot); \u201Dsaknas\u201D: inga uppgifter; \u201Dför få för beräkning\u201D: "
                   "metoden är inte definierad för så små tal. Inget av dessa betyder noll.",
              {{"class", "fotnoter"}});
    m.close("section");

    m.open("section", {{"id", "ursprung"}});
    m.element("h2", "Ursprung");
    demo_banner(m, in.provenance);
    provenance_table(m, in.provenance);
    m.close("section");

    m.open("footer");
    m.text(in.region + " · " + in.pilot_title + " · " + in.provenance.area_division + " · byggd " +
           format_date_long(in.provenance.built));
    if (in.provenance.synthetic) m.text(" · SYNTETISKA DEMODATA");
    m.close("footer");
    m.close("body").close("html");
    m.raw("\n");
    return m.take();
}

std::string render_index_html(const IndexInput& in) {
    Context ctx;
    ctx.suppressed_text = suppression_footnote(5, 50);
    Markup m;
    head(m, in.title);
    m.open("body");
    m.element("h1", in.title);
    m.element("p", in.region, {{"class", "undertitel"}});
    demo_banner(m, in.provenance);

    m.element("h2", "Piloter");
    for (const auto& p : in.pilots) {
        if (p.links.empty()) {
            m.element("h3", p.title);
        } else {
            m.open("h3").open("a", {{"href", p.links.front().href}}).text(p.title).close("a").close("h3");
        }
        key_figures(m, ctx, p.key_figures);
        if (!p.sharing.empty()) m.element("p", p.sharing, {{"class", "delning"}});
        if (!p.trends.empty()) {
            m.open("p", {{"class", "fotnoter"}}).element("strong", "Utveckling: ");
            for (std::size_t i = 0; i < p.trends.size(); ++i) {
                if (i) m.text(" ");
                m.text(p.trends[i].indicator + " ");
                word_box(m, (p.trends[i].arrow.empty() ? "" : p.trends[i].arrow + " ") + p.trends[i].word, p.trends[i].colour);
            }
            m.close("p");
        }
        m.open("p");
        for (std::size_t i = 0; i < p.links.size(); ++i) {
            if (i) m.text(" · ");
            m.open("a", {{"href", p.links[i].href}}).text(p.links[i].label).close("a");
        }
        m.close("p");
    }

    if (!in.followup_href.empty()) {
        m.element("h2", "Inom vårdcentralerna: uppföljning av listade patienter");
        if (in.followup_synthetic) m.element("p", "SYNTETISKA DEMODATA – inte verkliga hälsodata", {{"class", "demo-small"}});
        m.open("p").open("a", {{"href", in.followup_href}}).text("Uppföljningen med trattdiagram och målvärden").close("a");
        m.text(": varje vårdcentral jämförd med länet, per indikator.").close("p");
        if (!in.followup_summary.empty()) {
            m.open("ul", {{"class", "fotnoter"}});
            for (const auto& line : in.followup_summary) m.element("li", line);
            m.close("ul");
        }
        m.open("table", {{"class", "uppf"}}).open("thead").open("tr").element("th", "Vårdcentral");
        for (const auto& c : in.followup_columns) m.element("th", c);
        m.close("tr").close("thead").open("tbody");
        for (const auto& c : in.centres) {
            if (c.levels.empty()) continue;
            m.open("tr").open("td").text(c.name);
            if (c.pilot) m.element("strong", " (pilot)");
            m.close("td");
            for (const auto& [word, colour] : c.levels) {
                m.open("td");
                if (!colour.empty()) word_box(m, word, colour);
                else m.text(word);
                m.close("td");
            }
            m.close("tr");
        }
        m.close("tbody").close("table");
    }

    m.element("h2", "Alla vårdcentraler i länet");
    const bool any_note = std::any_of(in.centres.begin(), in.centres.end(), [](const IndexCentre& c) { return !c.note.empty(); });
    if (any_note) {
        m.element("p", "Rader med samma värden: vårdcentraler som vårdcentralsregistret ger samma läge delar DeSO:erna "
                       "lika när varje DeSO knyts till närmaste vårdcentral, och får därför samma tal (se Anmärkning).",
                  {{"class", "delning"}});
    }
    m.open("table").open("thead").open("tr").element("th", "Vårdcentral").element("th", "Kommun");
    for (const auto& c : in.columns) {
        m.element("th", c.name + (c.unit.empty() || c.unit == "%" ? "" : " (" + c.unit + ")"), {{"class", "num"}});
    }
    if (any_note) m.element("th", "Anmärkning");
    m.close("tr").close("thead").open("tbody");
    for (const auto& c : in.centres) {
        m.open("tr");
        m.open("td").text(c.name);
        if (c.pilot) m.element("strong", " (pilot)");
        m.close("td");
        m.element("td", c.kommun);
        for (std::size_t i = 0; i < in.columns.size(); ++i) {
            m.open("td", {{"class", "num"}});
            if (i < c.cells.size()) cell(m, ctx, c.cells[i], in.columns[i].unit, in.columns[i].decimals);
            m.close("td");
        }
        if (any_note) m.element("td", c.note, {{"class", "anm"}});
        m.close("tr");
    }
    m.close("tbody").close("table");
    for (const auto& n : in.notes) m.element("p", n, {{"class", "fotnoter"}});
    ctx.notes.render(m);

    m.element("h2", "Ursprung");
    m.element("p", "Områdesindelning " + in.provenance.area_division + ", upptagningsområden: " +
                       in.provenance.catchment_method + ", dataår " + in.provenance.data_years + ", byggd " +
                       format_date_long(in.provenance.built) + ".");
    provenance_table(m, in.provenance);
    m.close("body").close("html");
    m.raw("\n");
    return m.take();
}

}  // namespace omrade::profiles::report
