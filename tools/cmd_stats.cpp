// omrade stats: proportions, rates and directly standardised rates with confidence intervals
// for the rows of a CSV file, the SII/RII of quantiles as phe_sii (profiles/stats/stats_table.hpp)
// trend markers per group (profiles/stats/trend_table.hpp) and funnel-plot significance
// (profiles/stats/funnel_table.hpp).
#include "geo/error.hpp"
#include "profiles/input/table.hpp"
#include "profiles/stats/funnel_table.hpp"
#include "profiles/stats/stats_table.hpp"
#include "profiles/stats/trend_table.hpp"
#include "tools/command.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace omrade::tools {

namespace fs = std::filesystem;

class StatsCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        app.add_option("method", m_method, "Metod: proportion, rate, dsr, sii, trend eller funnel")->required();
        app.add_option("type", m_kind,
                       "För sii: proportion, rate eller other (värdetyp som i phe_sii); för trend: proportion eller other; "
                       "för funnel: proportion eller rate");
        app.add_option("--input", m_input, "CSV med numerator,denominator (dsr: group,numerator,denominator,standard)")
            ->required();
        app.add_option("--output", m_output, "Utdatafil (CSV); standard: stdout");
        m_confidence_option = app.add_option("--confidence", m_confidence, "Konfidensgrad 0.9–0.9999, t.ex. 0.95 eller 0.998 (standard 0.95)");
        m_multiplier_option = app.add_option("--multiplier", m_multiplier,
                       "Multiplikator (standard 100 för proportion, 100000 för rate och dsr; "
                       "för funnel 100 för proportion, 1000 för rate)");
        m_repetitions_option = app.add_option("--repetitions", m_repetitions,
                                              "För sii: antal simuleringar för konfidensintervallen (minst 1000, standard 100000)");
        app.add_flag("--overwrite", m_overwrite, "Ersätt en befintlig utdatafil");
    }

    void check() override {
        if (m_method == "sii") {
            if (m_kind.empty()) throw UsageError("stats sii behöver en värdetyp: proportion, rate eller other");
            m_sii_type = profiles::parse_sii_type(m_kind);
            if (m_repetitions < 1000) throw UsageError("--repetitions måste vara minst 1000 (som phe_sii)");
            if (m_confidence_option->count() > 0) {
                throw UsageError("--confidence gäller inte stats sii: den ger alltid 95 % och 99,8 %");
            }
            if (m_multiplier_option->count() > 0 && !(std::isfinite(m_multiplier) && m_multiplier != 0)) {
                throw UsageError("--multiplier måste vara ett tal skilt från 0, t.ex. 1 eller 100");
            }
            return;
        }
        if (m_repetitions_option->count() > 0) throw UsageError("--repetitions gäller bara stats sii");
        // `stats trend proportion|other`: assign_trend_markers per group (trend_table.hpp).
        if (m_method == "trend") {
            if (m_kind.empty()) throw UsageError("stats trend kräver typen: proportion eller other");
            m_trend_parsed = profiles::parse_trend_input(m_kind);
            if (m_multiplier_option->count() > 0) throw UsageError("--multiplier används inte av stats trend");
            // The package's range: 0.9–1 or 90–100 (per cent); 1 itself gives no standard error.
            if (m_confidence >= 90 && m_confidence < 100) m_confidence /= 100;
            if (!(m_confidence >= 0.9 && m_confidence < 1)) {
                throw UsageError("--confidence " + fmt_number(m_confidence) +
                                 ": stats trend kräver en konfidensgrad från 0.9 till under 1, t.ex. 0.95");
            }
            return;
        }
        // `stats funnel proportion|rate`: control limits and significance (funnel_table.hpp).
        if (m_method == "funnel") {
            if (m_kind.empty()) throw UsageError("stats funnel kräver typen: proportion eller rate");
            m_funnel_parsed = profiles::parse_funnel_statistic(m_kind);
            if (m_confidence_option->count() > 0) {
                throw UsageError("--confidence gäller inte stats funnel: den ger alltid 95 % och 99,8 %");
            }
            if (m_multiplier_option->count() == 0) {
                m_multiplier = profiles::default_funnel_multiplier(m_funnel_parsed);
            } else if (!(std::isfinite(m_multiplier) && m_multiplier > 0)) {
                throw UsageError("--multiplier måste vara ett positivt tal, t.ex. 100 eller 1000");
            }
            return;
        }
        if (!m_kind.empty()) {
            throw UsageError("oväntat argument '" + m_kind + "'; bara stats sii, trend och funnel tar en typ");
        }
        m_parsed = profiles::parse_stats_method(m_method);
        // As PHEindicatormethods: 0.9 to 0.9999 (below 0.9 the methods are not validated, 1 has no
        // finite limits).
        if (!(m_confidence >= 0.9 && m_confidence <= 0.9999)) {
            throw UsageError("--confidence " + fmt_number(m_confidence) +
                             ": ange konfidensgraden som en andel mellan 0.9 och 0.9999, t.ex. 0.95 eller 0.998");
        }
        if (m_multiplier_option->count() > 0 && !(std::isfinite(m_multiplier) && m_multiplier > 0)) {
            throw UsageError("--multiplier måste vara ett positivt tal, t.ex. 100 eller 100000");
        }
    }

    int run(Context& ctx) override {
        if (!m_output.empty() && fs::exists(m_output) && !m_overwrite) {
            throw UsageError(m_output + " finns redan; använd --overwrite för att ersätta den");
        }
        if (m_method == "trend") {
            const profiles::StatsTable trends =
                profiles::compute_trend_table(m_trend_parsed, profiles::read_table(m_input), m_confidence);
            if (m_output.empty()) {
                profiles::write_stats_csv(trends, ctx.out);
            } else {
                write_atomically(trends);
                ctx.err << "omrade: skrev " << trends.rows.size() << " grupper till " << m_output << "\n";
            }
            return 0;
        }
        const profiles::TextTable input = profiles::read_table(m_input);
        const profiles::StatsTable result =
            m_method == "funnel" ? profiles::compute_funnel_table(m_funnel_parsed, input, m_multiplier)
            : m_method == "sii"
                ? profiles::compute_sii_table(input, {m_sii_type, m_multiplier_option->count() > 0 ? m_multiplier : 1.0, m_repetitions})
                : profiles::compute_stats(m_parsed, input, {m_confidence, m_multiplier});
        if (m_output.empty()) {
            profiles::write_stats_csv(result, ctx.out);
            return 0;
        }
        write_atomically(result);
        ctx.err << "omrade: skrev " << result.rows.size() << " rader till " << m_output << "\n";
        return 0;
    }

private:
    // Written beside the target, then renamed: the file appears whole or not at all.
    void write_atomically(const profiles::StatsTable& table) const {
        const fs::path out = fs::absolute(m_output);
        const fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".tmp-" + std::to_string(getpid()));
        {
            std::ofstream file(tmp, std::ios::binary);
            if (!file) throw DataError({m_output, 0, {}, {}}, "kan inte skriva filen", "kontrollera mappen och behörigheten");
            profiles::write_stats_csv(table, file);
            file.close();
            if (!file) {
                fs::remove(tmp);
                throw DataError({m_output, 0, {}, {}}, "skrivningen misslyckades", "kontrollera diskutrymmet");
            }
        }
        fs::rename(tmp, out);
    }

    static std::string fmt_number(double v) {
        std::ostringstream s;
        s << v;
        return s.str();
    }

    std::string m_method;
    std::string m_kind;  // stats sii: proportion | rate | other; trend: proportion | other; funnel: proportion | rate
    profiles::SiiValueType m_sii_type = profiles::SiiValueType::other;
    long m_repetitions = 100000;
    CLI::Option* m_repetitions_option = nullptr;
    CLI::Option* m_confidence_option = nullptr;
    profiles::StatsMethod m_parsed = profiles::StatsMethod::proportion;
    std::string m_input;
    std::string m_output;
    double m_confidence = 0.95;
    double m_multiplier = 0;  // 0 = the method's default
    CLI::Option* m_multiplier_option = nullptr;
    bool m_overwrite = false;
    profiles::TrendInput m_trend_parsed = profiles::TrendInput::proportion;
    profiles::FunnelStatistic m_funnel_parsed = profiles::FunnelStatistic::proportion;
};

OMRADE_REGISTER_COMMAND(StatsCommand, "stats", "Andelar, kvoter, åldersstandardiserade kvoter och SII/RII med konfidensintervall, trender och trattdiagram");

}  // namespace omrade::tools
