#include "profiles/engine/sensitivity.hpp"

#include "geo/error.hpp"

#include <cmath>
#include <limits>

namespace omrade::profiles {

namespace {

// Latest-year total value per area for one statistics id (NaN = none).
std::vector<double> latest_values(const Statistics& s, const std::string& id, std::size_t n) {
    std::vector<double> out(n, std::numeric_limits<double>::quiet_NaN());
    const auto year = s.latest_year(id);
    if (!year) return out;
    for (const auto* r : s.of(id)) {
        if (r->year == *year && r->sex == "totalt" && r->age == "totalt" && r->value) out[r->area] = *r->value;
    }
    return out;
}

SensitivityRow row_for(const Catchments& c, const std::string& label, const std::string& source, bool configured,
                       std::size_t vc, const std::vector<double>& pop, const std::vector<std::vector<double>>& values) {
    SensitivityRow r;
    r.method = label;
    r.source = source;
    r.configured = configured;
    std::vector<double> num(values.size(), 0.0), den(values.size(), 0.0);
    for (const auto& [area, share] : c.areas_of(vc)) {
        const double w = share * pop[area];
        r.population += w;
        ++r.deso_count;
        for (std::size_t k = 0; k < values.size(); ++k) {
            if (std::isnan(values[k][area])) continue;
            num[k] += w * values[k][area];
            den[k] += w;
        }
    }
    for (std::size_t k = 0; k < values.size(); ++k) {
        r.figures.push_back(den[k] > 0 ? std::optional<double>(num[k] / den[k]) : std::nullopt);
        r.figure_coverage.push_back(r.population > 0 ? den[k] / r.population : 0.0);
    }
    return r;
}

}  // namespace

CatchmentSensitivity::CatchmentSensitivity(const Inputs& in) {
    m_population = in.population.area_total;
    m_population.resize(in.areas.size(), 0.0);
    for (const auto& id : sensitivity_figures) m_values.push_back(latest_values(in.statistics, id, in.areas.size()));

    const CatchmentConfig& base = in.config.catchment;
    auto add = [&](CatchmentConfig cfg, bool configured) {
        const std::string label = cfg.method + (cfg.method == "listning" && cfg.fractional ? " (fraktionell)" : "");
        for (const auto& m : m_methods) {
            if (m.label == label && m.source == cfg.source) return;  // already there
        }
        Method m;
        m.label = label;
        m.source = cfg.source;
        m.configured = configured;
        if (configured && in.catchments) {
            m.use = &*in.catchments;
        } else {
            try {
                m.catchments = make_catchments(cfg, in.areas, in.centres, in.population);
            } catch (const DataError& e) {
                // A comparison source that does not fit must not stop the build: say so instead.
                if (configured) throw;
                m.note = e.what();
            }
        }
        m_methods.push_back(std::move(m));
    };
    if (!base.method.empty()) {
        add(base, true);
        if (base.method == "listning") {
            CatchmentConfig other = base;
            other.fractional = !base.fractional;
            add(other, false);
        }
    }
    bool any_position = false;
    for (const auto& c : in.centres.centres) any_position = any_position || c.position.has_value();
    if (any_position) {
        CatchmentConfig n = base;
        n.method = "narmast";
        n.source.clear();
        add(n, false);
    }
    for (const auto& [method, source] : base.compare) {
        CatchmentConfig x = base;
        x.method = method;
        x.source = source;
        x.weight_field.clear();
        x.fractional = false;
        add(x, false);
        if (method == "listning") {
            x.fractional = true;
            add(x, false);
        }
    }
    // The pointers into m_methods' own catchments are taken once the vector no longer grows.
    for (auto& m : m_methods)
        if (m.catchments) m.use = &*m.catchments;
}

std::vector<SensitivityRow> CatchmentSensitivity::rows(std::size_t vc) const {
    std::vector<SensitivityRow> rows;
    for (const auto& m : m_methods) {
        if (!m.use) {
            SensitivityRow r;
            r.method = m.label;
            r.source = m.source;
            r.note = m.note;
            rows.push_back(std::move(r));
            continue;
        }
        rows.push_back(row_for(*m.use, m.label, m.source, m.configured, vc, m_population, m_values));
    }
    return rows;
}

std::vector<SensitivityRow> catchment_sensitivity(const Inputs& in, std::size_t vc) {
    return CatchmentSensitivity(in).rows(vc);
}

std::vector<SensitivityRow> nearest_key_figures(const Inputs& in) {
    bool any_position = false;
    for (const auto& c : in.centres.centres) any_position = any_position || c.position.has_value();
    if (!any_position) return {};
    std::vector<double> pop = in.population.area_total;
    pop.resize(in.areas.size(), 0.0);
    std::vector<std::vector<double>> values;
    for (const auto& id : sensitivity_figures) values.push_back(latest_values(in.statistics, id, in.areas.size()));
    CatchmentConfig n = in.config.catchment;
    n.method = "narmast";
    n.source.clear();
    const Catchments c = make_catchments(n, in.areas, in.centres, in.population);
    std::vector<SensitivityRow> rows;
    for (std::size_t v = 0; v < in.centres.centres.size(); ++v) {
        rows.push_back(row_for(c, "narmast", "", false, v, pop, values));
        if (!in.centres.centres[v].position) rows.back().note = "läge saknas i registret";
    }
    return rows;
}

}  // namespace omrade::profiles
