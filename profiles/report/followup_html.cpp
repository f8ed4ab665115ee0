#include "profiles/report/followup_html.hpp"

#include "profiles/report/html.hpp"
#include "profiles/report/markup.hpp"
#include "profiles/report/swedish_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace omrade::profiles::report {

namespace {

std::string num(double v) { return fmt::format("{:.1f}", v); }

int decimals_of(const Indicator& ind) { return ind.type == IndicatorType::proportion ? 1 : 0; }

std::string short_value(const Indicator& ind, double v) {
    return ind.unit == "%" ? format_percent(v, 1) : format_number(v, decimals_of(ind));
}

std::string estimate_text(const Indicator& ind, const Estimate& e) {
    switch (e.status) {
        case ValueStatus::ok: return e.value ? short_value(ind, *e.value) : "";
        case ValueStatus::missing: return "ingen data";
        case ValueStatus::too_few: return "för få";
        case ValueStatus::suppressed: return "undertryckt";
    }
    return "";
}

std::string interval_text(const Indicator& ind, const Estimate& e) {
    if (e.status != ValueStatus::ok || !e.lower || !e.upper) return "";
    return format_number(*e.lower, decimals_of(ind)) + "–" + format_number(*e.upper, decimals_of(ind));
}

// Levels: best green, worst red, between yellow; a threshold: met green, not met red.
std::string level_colour(const FollowupIndicator& fi, const FollowupUnit& u) {
    if (!fi.indicator.target || u.target_status.empty()) return "";
    if (u.level < 0) return u.target_status == "når målet" ? "#92D050" : "#C00000";
    const int top = static_cast<int>(fi.indicator.target->levels.size());
    return u.level == top ? "#92D050" : u.level == 0 ? "#C00000" : "#FFC000";
}

std::string level_word(const FollowupIndicator& fi, const FollowupUnit& u) {
    if (!fi.indicator.target) return "";
    if (u.level >= 0) return fi.indicator.target->labels[static_cast<std::size_t>(u.level)];
    return u.target_status;
}

std::string funnel_colour(const FollowupIndicator& fi, const FollowupUnit& u) {
    if (!u.funnel) return "";
    return rating_colour(funnel_rating(*u.funnel, fi.indicator.polarity));
}

// A neat axis step for a range.
double nice_step(double range, int ticks) {
    const double raw = range / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double f : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (raw <= f * mag) return f * mag;
    }
    return 10 * mag;
}

}  // namespace

Rating funnel_rating(FunnelSignificance s, Polarity p) {
    const bool high = s == FunnelSignificance::high_998 || s == FunnelSignificance::high_95;
    if (s == FunnelSignificance::not_significant) return Rating::similar;
    switch (p) {
        case Polarity::high_is_good: return high ? Rating::better : Rating::worse;
        case Polarity::low_is_good: return high ? Rating::worse : Rating::better;
        case Polarity::neutral: return high ? Rating::higher : Rating::lower;
    }
    return Rating::not_compared;
}

std::string svg_funnel(const FollowupIndicator& fi, std::optional<std::size_t> highlight) {
    const Indicator& ind = fi.indicator;
    // With a highlighted unit the plot is a small multiple in profil.html: no legend (the caption
    // explains the lines), larger text.
    const bool compact = highlight.has_value();
    const double W = compact ? 420 : 640, H = compact ? 300 : 300, left = compact ? 58 : 50, right = compact ? 12 : 130;
    const double top = 12, bottom = compact ? 44 : 36;
    const std::string tick_size = compact ? "15" : "10", label_size = compact ? "15" : "10.5";
    const double pw = W - left - right, ph = H - top - bottom;
    struct Pt {
        double x, y;
        const FollowupUnit* unit;
    };
    std::vector<Pt> pts;
    for (const auto& u : fi.units) {
        const auto& p = u.latest();
        if (p.estimate.status == ValueStatus::ok && p.denominator && p.estimate.value) {
            pts.push_back({*p.denominator, *p.estimate.value, &u});
        }
    }
    Markup m;
    m.open("svg", {{"viewBox", fmt::format("0 0 {} {}", W, H)},
                   {"role", "img"}, {"aria-label", "Trattdiagram: " + ind.name}, {"font-family", "DejaVu Sans, Arial, sans-serif"}});
    if (pts.empty() || !fi.lines) {
        m.element("text", "Inga vårdcentraler med antal att rita", {{"x", "20"}, {"y", "40"}, {"font-size", "14"}});
        m.close("svg");
        return m.take();
    }
    double xmax = 0, ymin = pts.front().y, ymax = pts.front().y, xmin_pt = pts.front().x;
    for (const auto& p : pts) {
        xmax = std::max(xmax, p.x);
        xmin_pt = std::min(xmin_pt, p.x);
        ymin = std::min(ymin, p.y);
        ymax = std::max(ymax, p.y);
    }
    xmax *= 1.08;
    // The y range covers the points, the average, the target and the 99.8 % limits from the
    // smallest unit on (the limits are unbounded towards a denominator of 0).
    ymin = std::min(ymin, fi.lines->average);
    ymax = std::max(ymax, fi.lines->average);
    for (const auto* line : {&fi.lines->lower_998, &fi.lines->upper_998}) {
        for (const auto& [x, y] : *line) {
            if (x >= xmin_pt * 0.9 && x <= xmax) {
                ymin = std::min(ymin, y);
                ymax = std::max(ymax, y);
            }
        }
    }
    if (ind.target) {
        for (double t : ind.target->levels.empty() ? std::vector<double>{ind.target->value} : ind.target->levels) {
            ymin = std::min(ymin, t);
            ymax = std::max(ymax, t);
        }
    }
    const double pad = (ymax - ymin) * 0.06 + 1e-9;
    ymin -= pad;
    ymax += pad;
    if (ind.type == IndicatorType::proportion) {
        ymin = std::max(ymin, 0.0);
        ymax = std::min(ymax, ind.multiplier);
    } else {
        ymin = std::max(ymin, 0.0);
    }
    const auto sx = [&](double x) { return left + x / xmax * pw; };
    const auto sy = [&](double y) { return top + (ymax - y) / (ymax - ymin) * ph; };

    const std::string clip = "tratt-" + ind.id + (highlight ? "-" + std::to_string(*highlight) : "");
    m.open("defs").open("clipPath", {{"id", clip}});
    m.empty("rect", {{"x", num(left)}, {"y", num(top)}, {"width", num(pw)}, {"height", num(ph)}});
    m.close("clipPath").close("defs");
    m.empty("rect", {{"x", num(left)}, {"y", num(top)}, {"width", num(pw)}, {"height", num(ph)}, {"fill", "#FAFAFA"},
                     {"stroke", "#999"}, {"stroke-width", "0.8"}});
    // Axes with ticks.
    const double ystep = nice_step(ymax - ymin, 5);
    for (double y = std::ceil(ymin / ystep) * ystep; y <= ymax + 1e-9; y += ystep) {
        m.empty("line", {{"x1", num(left)}, {"x2", num(left + pw)}, {"y1", num(sy(y))}, {"y2", num(sy(y))},
                         {"stroke", "#E2E2E2"}, {"stroke-width", "0.6"}});
        m.element("text", format_number(y, ystep < 1 ? 1 : 0),
                  {{"x", num(left - 4)}, {"y", num(sy(y) + 3.5)}, {"font-size", tick_size}, {"text-anchor", "end"}});
    }
    const double xstep = nice_step(xmax, 5);
    for (double x = 0; x <= xmax + 1e-9; x += xstep) {
        m.empty("line", {{"x1", num(sx(x))}, {"x2", num(sx(x))}, {"y1", num(top + ph)}, {"y2", num(top + ph + 3)}, {"stroke", "#666"}});
        m.element("text", format_number(x, 0), {{"x", num(sx(x))}, {"y", num(top + ph + (compact ? 18 : 14))}, {"font-size", tick_size}, {"text-anchor", "middle"}});
    }
    m.element("text", ind.type == IndicatorType::proportion ? "Nämnare (antal i gruppen)" : "Listade patienter",
              {{"x", num(left + pw / 2)}, {"y", num(H - 6)}, {"font-size", label_size}, {"text-anchor", "middle"}});
    m.element("text", ind.unit, {{"x", "12"}, {"y", num(top + ph / 2)}, {"font-size", label_size}, {"text-anchor", "middle"},
                                 {"transform", fmt::format("rotate(-90 12 {})", num(top + ph / 2))}});

    m.open("g", {{"clip-path", "url(#" + clip + ")"}});
    const auto polyline = [&](const std::vector<std::pair<double, double>>& line, const char* dash, const char* width) {
        std::string pts_attr;
        for (const auto& [x, y] : line) {
            if (x > xmax * 1.2) break;
            pts_attr += fmt::format("{:.1f},{:.1f} ", sx(x), sy(std::clamp(y, ymin - (ymax - ymin), ymax + (ymax - ymin))));
        }
        m.empty("polyline", {{"points", pts_attr}, {"fill", "none"}, {"stroke", "#333"}, {"stroke-width", width},
                             {"stroke-dasharray", dash}});
    };
    polyline(fi.lines->lower_95, "5 3", "1.1");
    polyline(fi.lines->upper_95, "5 3", "1.1");
    polyline(fi.lines->lower_998, "1.5 2.5", "1.3");
    polyline(fi.lines->upper_998, "1.5 2.5", "1.3");
    m.empty("line", {{"x1", num(left)}, {"x2", num(left + pw)}, {"y1", num(sy(fi.lines->average))},
                     {"y2", num(sy(fi.lines->average))}, {"stroke", "#111"}, {"stroke-width", "1.4"}});
    if (ind.target) {
        for (double t : ind.target->levels.empty() ? std::vector<double>{ind.target->value} : ind.target->levels) {
            m.empty("line", {{"x1", num(left)}, {"x2", num(left + pw)}, {"y1", num(sy(t))}, {"y2", num(sy(t))},
                             {"stroke", "#D7191C"}, {"stroke-width", "1.3"}, {"stroke-dasharray", "8 3 2 3"}});
        }
    }
    // Points: outside 99.8 % filled with the rating colour, outside 95 % half-filled, inside white.
    for (const auto& p : pts) {
        const FunnelSignificance s = p.unit->funnel.value_or(FunnelSignificance::not_significant);
        const bool strong = s == FunnelSignificance::high_998 || s == FunnelSignificance::low_998;
        const std::string colour = s == FunnelSignificance::not_significant ? "#FFFFFF"
                                                                             : rating_colour(funnel_rating(s, ind.polarity));
        const bool mine = highlight && p.unit->centre == *highlight;
        m.empty("circle", {{"cx", num(sx(p.x))}, {"cy", num(sy(p.y))}, {"r", mine ? "5.5" : "4"}, {"fill", mine ? "#111111" : colour},
                           {"fill-opacity", strong || mine ? "1" : "0.6"}, {"stroke", mine ? "#111" : "#444"},
                           {"stroke-width", mine ? "1.5" : "0.8"}});
    }
    m.close("g");
    // Names: every unit outside 99.8 % and the highlighted one, beside the point.
    for (const auto& p : pts) {
        const FunnelSignificance s = p.unit->funnel.value_or(FunnelSignificance::not_significant);
        const bool strong = s == FunnelSignificance::high_998 || s == FunnelSignificance::low_998;
        const bool mine = highlight && p.unit->centre == *highlight;
        if (!(mine || (strong && !highlight))) continue;
        const double x = sx(p.x), y = sy(p.y);
        const bool to_left = x > left + pw * 0.7;
        m.element("text", p.unit->name, {{"x", num(x + (to_left ? -7 : 7))}, {"y", num(y + 3.5)}, {"font-size", mine ? "16" : "8.5"},
                                         {"font-weight", mine ? "bold" : "normal"}, {"text-anchor", to_left ? "end" : "start"},
                                         {"fill", "#111"}});
    }
    if (compact) {
        m.close("svg");
        return m.take();
    }
    // Legend on the right.
    const double lx = left + pw + 10;
    double ly = top + 10;
    const auto legend_line = [&](const char* label, const char* dash, const char* colour) {
        m.empty("line", {{"x1", num(lx)}, {"x2", num(lx + 22)}, {"y1", num(ly)}, {"y2", num(ly)}, {"stroke", colour},
                         {"stroke-width", "1.4"}, {"stroke-dasharray", dash}});
        m.element("text", label, {{"x", num(lx + 27)}, {"y", num(ly + 3.5)}, {"font-size", "9.5"}});
        ly += 15;
    };
    legend_line("Länets medelvärde", "none", "#111");
    legend_line("95 %-gräns", "5 3", "#333");
    legend_line("99,8 %-gräns", "1.5 2.5", "#333");
    if (ind.target) legend_line("Målvärde", "8 3 2 3", "#D7191C");
    m.element("text", "Medel " + short_value(ind, fi.lines->average), {{"x", num(lx)}, {"y", num(ly + 6)}, {"font-size", "9.5"}});
    m.close("svg");
    return m.take();
}

std::string render_followup_html(const Followup& f, const FollowupPage& page) {
    Markup m;
    html_head(m, "Uppföljning inom vårdcentralerna – " + page.region);
    m.open("body");
    m.element("h1", "Uppföljning inom vårdcentralerna");
    m.element("p", page.region + " · listade patienter per vårdcentral · " + page.title, {{"class", "undertitel"}});
    if (f.synthetic) {
        m.open("div", {{"class", "demo"}, {"role", "note"}}).text("SYNTETISKA DEMODATA – inte verkliga hälsodata").close("div");
    }
    m.element("p", "Varje vårdcentral jämförs med länet i ett trattdiagram: punkterna är vårdcentralerna, med nämnaren "
                   "(antal patienter i gruppen) på den vågräta axeln. Kontrollgränserna kring länets medelvärde "
                   "(Σ täljare / Σ nämnare) visar hur mycket ett värde kan variera av slumpen vid den storleken: "
                   "95 % (streckad) och 99,8 % (prickad), som i PHEindicatormethods. En vårdcentral utanför 99,8 %-gränsen "
                   "skiljer sig med stor säkerhet från länet och är värd ett samtal; innanför gränserna är skillnaden inte "
                   "säkerställd. Trattdiagrammet rangordnar inte: små vårdcentraler har breda gränser. Metod: docs/uppfoljning.md.");
    m.open("p", {{"class", "fotnoter"}}).text("Tillbaka till ").open("a", {{"href", "../index.html"}}).text("översikten").close("a");
    m.text(". Maskinläsbart: ").open("a", {{"href", "uppfoljning.csv"}}).text("uppfoljning.csv").close("a").text(", ");
    m.open("a", {{"href", "uppfoljning.json"}}).text("uppfoljning.json").close("a").text(".").close("p");

    m.open("table").open("thead").open("tr").element("th", "Indikator").element("th", "Period").element("th", "Länet")
        .element("th", "Målvärde").element("th", "Sammanfattning").close("tr").close("thead").open("tbody");
    for (const auto& fi : f.indicators) {
        m.open("tr").open("td").open("a", {{"href", "#" + fi.indicator.id}}).text(fi.indicator.name).close("a").close("td");
        m.element("td", fi.periods.back().text()).element("td", estimate_text(fi.indicator, fi.county), {{"class", "num"}});
        m.element("td", fi.indicator.target ? target_text(*fi.indicator.target, fi.indicator.unit) : "–");
        std::string summary;
        for (const auto& s : fi.level_sentences) summary += (summary.empty() ? "" : "; ") + s;
        m.element("td", summary).close("tr");
    }
    m.close("tbody").close("table");

    for (const auto& fi : f.indicators) {
        const Indicator& ind = fi.indicator;
        m.open("section", {{"id", ind.id}, {"class", "indikator"}});
        m.element("h2", ind.name);
        if (ind.synthetic) m.element("p", "SYNTETISKA DEMODATA – inte verkliga hälsodata", {{"class", "demo-small"}});
        m.element("p", ind.definition + " Källa: " + ind.data_source + ". Period: " + fi.periods.back().text() +
                           " (" + std::to_string(fi.periods.size()) + " perioder " + fi.periods.front().label() + "–" +
                           fi.periods.back().label() + ").");
        std::string county = "Länet: " + estimate_text(ind, fi.county);
        if (const std::string ci = interval_text(ind, fi.county); !ci.empty()) county += " (95 % KI " + ci + ")";
        if (ind.target) county += ". Målvärde: " + target_text(*ind.target, ind.unit);
        m.element("p", county + ".");
        for (const auto& s : fi.level_sentences) m.element("p", s + ".", {{"class", "nivaer"}});
        m.element("p", fmt::format("{} vårdcentraler med värde, {} utan data (”Ingen data”: saknas, inte noll), {} undertryckta.",
                                   fi.with_value, fi.no_data, fi.suppressed),
                  {{"class", "fotnoter"}});
        m.open("figure", {{"class", "tratt"}}).raw(svg_funnel(fi));
        m.element("figcaption", "Trattdiagram " + fi.periods.back().text() + ". Fylld punkt: utanför 99,8 % (namngiven); "
                                "halvfylld: utanför 95 %; vit: inom gränserna. Grön: bättre än länet, röd: sämre (efter "
                                "indikatorns riktning).",
                  {{"class", "fotnoter"}});
        m.close("figure");
        m.open("table", {{"class", "uppf"}}).open("thead").open("tr");
        for (const char* h : {"Vårdcentral", "Värde", "95 % KI", "Täljare", "Nämnare", "Jämfört med länet", "Trattdiagram",
                              "Målvärde", "Sedan föregående", "Trend"}) {
            m.element("th", h);
        }
        m.close("tr").close("thead").open("tbody");
        for (const auto& u : fi.units) {
            const auto& p = u.latest();
            m.open("tr").element("td", u.name);
            m.element("td", estimate_text(ind, p.estimate), {{"class", "num"}});
            m.element("td", interval_text(ind, p.estimate), {{"class", "num"}});
            m.element("td", p.numerator ? format_number(*p.numerator, 0) : "", {{"class", "num"}});
            m.element("td", p.denominator ? format_number(*p.denominator, 0) : "", {{"class", "num"}});
            m.open("td");
            if (u.county_rating != Rating::not_compared) html_word_box(m, rating_text(u.county_rating), rating_colour(u.county_rating));
            m.close("td").open("td");
            if (u.funnel) html_word_box(m, funnel_text(*u.funnel), funnel_colour(fi, u));
            m.close("td").open("td");
            if (!level_word(fi, u).empty()) html_word_box(m, level_word(fi, u), level_colour(fi, u));
            m.close("td");
            m.element("td", u.change_text).element("td", u.trend_text).close("tr");
        }
        m.close("tbody").close("table");
        m.close("section");
    }

    m.open("section", {{"id", "metod"}, {"class", "indikator"}});
    m.element("h2", "Metod");
    m.element("p", "Värdet är täljare/nämnare (andel i procent eller per 1 000 listade) med 95 % konfidensintervall "
                   "(Wilson för andelar, Byar eller exakt Poisson för kvoter). Jämfört med länet: länets värde utanför "
                   "vårdcentralens intervall. Trattdiagrammets gränser: PHEindicatormethods calculate_funnel_limits och "
                   "assign_funnel_significance (andelar med sigma_adjustment, kvoter med Byar/exakt Poisson).");
    m.element("p", "Målvärde: en gräns med riktning (minst/högst) eller nivåer som i regionens delårsrapport, t.ex. "
                   "90 % eller högre, 81–89 %, 80 % eller lägre; ett värde på en gräns hör till den yttre nivån. Antalet per "
                   "nivå räknar bara redovisade värden.");
    m.element("p", "Sedan föregående: skillnaden mot föregående period med 95 % intervall; trend: de fem senaste perioderna "
                   "som PHEindicatormethods assign_trend_markers (χ² över 9,5495). Färre än fem perioder, eller ett "
                   "saknat eller undertryckt värde bland dem: kan inte beräknas.");
    m.element("p", fmt::format("Röjandekontroll: ett värde med färre än {} händelser eller en nämnare under {} undertrycks; "
                               "eftersom vårdcentralerna tillsammans utgör länet undertrycks ytterligare en vårdcentral "
                               "(sekundärt) så att ett undertryckt värde inte kan räknas fram som länet minus de andra. "
                               "Undertryckt är inte samma sak som ingen data eller noll.",
                               format_number(page.min_numerator, 0), format_number(page.min_denominator, 0)));
    m.element("p", "”Ingen data” betyder att vårdcentralen inte har rapporterat eller inte har några patienter i gruppen "
                   "den perioden. Det räknas aldrig som noll.");
    m.element("p", "Källa: " + std::filesystem::path(f.source).filename().string() + " (SHA-256 " + page.source_sha256 + "), " + std::to_string(f.rows_read) +
                       " rader: " + std::to_string(f.rows_with_counts) + " med antal, " + std::to_string(f.rows_value_only) +
                       " med bara värde, " + std::to_string(f.rows_no_data) + " utan data. Byggd " +
                       format_date_long(page.built) + ".",
              {{"class", "fotnoter"}});
    m.close("section");
    m.open("footer").text(page.region + " · uppföljning inom vårdcentralerna · byggd " + format_date_long(page.built));
    if (f.synthetic) m.text(" · SYNTETISKA DEMODATA");
    m.close("footer");
    m.close("body").close("html");
    m.raw("\n");
    return m.take();
}

InsideSection inside_section(const Followup& f, std::size_t centre, const std::map<std::string, std::string>& residents,
                             const std::string& residents_label) {
    InsideSection s;
    s.synthetic = f.synthetic;
    s.href = "../uppfoljning/uppfoljning.html";
    s.residents_label = residents_label;
    for (const auto& fi : f.indicators) {
        const Indicator& ind = fi.indicator;
        s.synthetic = s.synthetic || ind.synthetic;
        const FollowupUnit* unit = nullptr;
        for (const auto& u : fi.units) {
            if (u.centre == centre) unit = &u;
        }
        if (!unit) continue;
        const auto& p = unit->latest();
        InsideRow r;
        // The unit in brackets unless the name already says it ("… per 1 000 listade").
        const bool unit_in_name = ind.unit == "%" || ind.name.find(ind.unit) != std::string::npos ||
                                  ind.name.find(ind.unit.substr(0, ind.unit.find(" listade"))) != std::string::npos;
        r.indicator = ind.name + (unit_in_name ? "" : " (" + ind.unit + ")");
        r.period = p.period.text();
        r.value = estimate_text(ind, p.estimate);
        r.interval = interval_text(ind, p.estimate);
        r.county = estimate_text(ind, fi.county);
        if (unit->funnel) {
            r.funnel = funnel_text(*unit->funnel);
            r.funnel_colour = funnel_colour(fi, *unit);
        }
        r.level = level_word(fi, *unit);
        r.level_colour = level_colour(fi, *unit);
        r.change = unit->change_text;
        r.trend = unit->trend_text;
        if (!ind.area_counterpart.empty()) {
            const auto it = residents.find(ind.area_counterpart);
            r.residents = it != residents.end() ? it->second : "saknas";
        }
        s.rows.push_back(r);
        s.funnels.emplace_back(ind.name, svg_funnel(fi, centre));
    }
    return s;
}

void add_followup_to_index(IndexInput& index, const Followup& f) {
    index.followup_href = "uppfoljning/uppfoljning.html";
    index.followup_synthetic = f.synthetic;
    std::vector<const FollowupIndicator*> with_target;
    for (const auto& fi : f.indicators) {
        for (const auto& s : fi.level_sentences) index.followup_summary.push_back(fi.indicator.name + ": " + s);
        if (fi.indicator.target) {
            with_target.push_back(&fi);
            index.followup_columns.push_back(fi.indicator.name);
        }
    }
    for (auto& c : index.centres) {
        for (const auto* fi : with_target) {
            const FollowupUnit* unit = nullptr;
            for (const auto& u : fi->units) {
                if (u.name == c.name) unit = &u;
            }
            if (!unit) {
                c.levels.emplace_back("", "");
                continue;
            }
            const auto& p = unit->latest();
            if (p.estimate.status != ValueStatus::ok) {
                c.levels.emplace_back(estimate_text(fi->indicator, p.estimate), "");
            } else {
                c.levels.emplace_back(short_value(fi->indicator, *p.estimate.value) + " " +
                                          (unit->level >= 0 ? "" : unit->target_status == "når målet" ? "✓" : "✗"),
                                      level_colour(*fi, *unit));
            }
        }
    }
}

}  // namespace omrade::profiles::report
