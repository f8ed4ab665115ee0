#include "tools/swedish_cli.hpp"

#include <memory>
#include <regex>

namespace omrade::tools {

namespace {

const char* const options_group = "Flaggor";
const char* const help_text = "Visa den här hjälpen och avsluta";

}  // namespace

void use_swedish_help(CLI::App& app) {
    auto f = std::make_shared<CLI::Formatter>();
    f->label("Usage", "Användning");
    f->label("OPTIONS", "FLAGGOR");
    f->label("SUBCOMMAND", "UNDERKOMMANDO");
    f->label("SUBCOMMANDS", "UNDERKOMMANDON");
    f->label("REQUIRED", "(obligatorisk)");
    f->label("Positionals", "Argument");
    f->label("Env", "miljövariabel");
    f->label("Needs", "kräver");
    f->label("Excludes", "utesluter");
    f->label("TEXT", "TEXT");
    f->label("INT", "HELTAL");
    f->label("UINT", "HELTAL");
    f->label("FLOAT", "TAL");
    app.formatter(f);
    app.option_defaults()->group(options_group);
    app.set_help_flag("-h,--help", help_text);
    app.get_help_ptr()->group(options_group);
    app.group("Underkommandon");
}

void use_swedish_help_for_subcommands(CLI::App& app) {
    for (CLI::App* sub : app.get_subcommands({})) {
        sub->set_help_flag("-h,--help", help_text);
        sub->get_help_ptr()->group(options_group);
    }
}

std::string swedish_parse_error(const CLI::Error& e, const std::vector<std::string>& commands,
                                const std::string& first_word) {
    const std::string what = e.what();
    std::smatch m;
    std::string list;
    for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
    if (what == "A subcommand is required") {
        if (!first_word.empty()) return "okänt underkommando '" + first_word + "'; underkommandona är " + list;
        return "ange ett underkommando: " + list;
    }
    if (std::regex_match(what, m, std::regex(R"(Could not convert: (.+) = (.*))")))
        return m.str(1) + ": '" + m.str(2) + "' är inte ett tal";
    if (std::regex_match(what, m, std::regex(R"((.+) is required)")))
        return (m.str(1).rfind('-', 0) == 0 ? "" : "argumentet ") + m.str(1) + " krävs";
    if (std::regex_match(what, m, std::regex(R"(The following arguments? (?:was|were) not expected: (.*))")))
        return "oväntat argument: " + m.str(1) + " (underkommandon: " + list + ")";
    if (std::regex_match(what, m, std::regex(R"((.+): (.*) not in \{(.*)\})")))
        return m.str(1) + ": '" + m.str(2) + "' är inte ett av " + m.str(3);
    if (std::regex_match(what, m, std::regex(R"((.+): Value (.*) not in range (.*))")))
        return m.str(1) + ": " + m.str(2) + " ligger utanför " + m.str(3);
    if (std::regex_match(what, m, std::regex(R"((.+): (\d+) required (.+) missing)")))
        return m.str(1) + ": värde saknas";
    if (std::regex_match(what, m, std::regex(R"((.+) requires (.+))"))) return m.str(1) + " kräver " + m.str(2);
    if (std::regex_match(what, m, std::regex(R"((.+) excludes (.+))")))
        return m.str(1) + " kan inte användas tillsammans med " + m.str(2);
    if (std::regex_match(what, m, std::regex(R"((.+): File does not exist: (.*))")))
        return m.str(1) + ": filen finns inte: " + m.str(2);
    return "ogiltig kommandorad (" + what + ")";
}

}  // namespace omrade::tools
