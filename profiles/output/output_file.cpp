#include "profiles/output/output_file.hpp"

#include "geo/error.hpp"

#include <fstream>

namespace omrade::profiles {

void write_stream_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
    std::ofstream out(path, std::ios::binary);
    if (out) write(out);
    out.close();
    if (!out) {
        throw DataError({path.string(), 0, {}, {}}, "kunde inte skriva filen",
                        "kontrollera utrymme och behörighet i utmappen");
    }
}

void write_text_file(const std::filesystem::path& path, std::string_view text) {
    write_stream_file(path, [text](std::ostream& out) { out << text; });
}

}  // namespace omrade::profiles
