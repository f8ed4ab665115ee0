// omrade allocate: share grants (pots) among vårdcentraler in proportion to listed patients.
#include "geo/error.hpp"
#include "profiles/allocation/allocation.hpp"
#include "profiles/input/table.hpp"
#include "tools/command.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace omrade::tools {

namespace fs = std::filesystem;

class AllocateCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        app.add_option("--listing", m_listing, "Listning per vårdcentral (CSV, svensk CSV eller XLSX): vardcentral, listade, [kommunkod], [driftform]")
            ->required();
        app.add_option("--pots", m_pots, "Potter att fördela (TOML med [[pott]] och [moms])")->required();
        app.add_option("--output", m_output, "Skriv resultatet till denna CSV-fil (standard: stdout)");
        app.add_option("--csv-format", m_csv_format, "intl (',' och decimalpunkt) eller sv (';' och decimalkomma)");
        app.add_flag("--overwrite", m_overwrite, "Ersätt en befintlig utdatafil");
    }

    void check() override { m_format = profiles::parse_csv_format(m_csv_format); }

    int run(Context& ctx) override {
        if (!m_output.empty() && fs::exists(m_output) && !m_overwrite) {
            throw UsageError(m_output + " finns redan; använd --overwrite för att ersätta den");
        }
        const profiles::Listing listing = profiles::read_listing(m_listing);
        const profiles::PotsConfig pots = profiles::load_pots(m_pots);
        const profiles::Allocation allocation = profiles::allocate(listing, pots);

        std::ostringstream csv;
        profiles::write_allocation_csv(csv, allocation, pots, m_format);
        if (m_output.empty()) {
            ctx.out << csv.str();
        } else {
            // Written beside the target, then renamed: the file appears whole or not at all.
            const fs::path out = fs::absolute(m_output);
            const fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".tmp-" + std::to_string(getpid()));
            {
                std::ofstream f(tmp, std::ios::binary);
                f << csv.str();
                if (!f.flush()) {
                    fs::remove(tmp);
                    throw DataError({m_output, 0, {}, {}}, "filen kan inte skrivas", "kontrollera mappen och behörigheten");
                }
            }
            fs::rename(tmp, out);
        }
        for (const auto& note : profiles::allocation_notes(allocation, pots, listing)) ctx.err << "omrade: " << note << "\n";
        if (!m_output.empty()) ctx.err << "omrade: skrev " << allocation.rows.size() + 1 << " rader till " << m_output << "\n";
        return 0;
    }

private:
    std::string m_listing;
    std::string m_pots;
    std::string m_output;
    std::string m_csv_format = "intl";
    profiles::CsvFormat m_format = profiles::CsvFormat::Intl;
    bool m_overwrite = false;
};

OMRADE_REGISTER_COMMAND(AllocateCommand, "allocate", "Fördela bidrag till vårdcentraler efter antal listade");

}  // namespace omrade::tools
