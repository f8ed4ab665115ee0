#include "tools/embedded_default.hpp"

#include <cstdlib>
#include <fstream>
#include <system_error>

namespace omrade::tools {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

EmbeddedDefault found(const fs::path& config, std::string how) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(config, ec);
    return {ec ? config : canonical, std::move(how), {}};
}

}  // namespace

EmbeddedDefault find_embedded_default(const fs::path& self, const char* omrade_data) {
    if (omrade_data != nullptr && *omrade_data != '\0') {
        const fs::path p(omrade_data);
        if (is_file(p)) return found(p, "OMRADE_DATA");
        if (is_file(p / "omrade.toml")) return found(p / "omrade.toml", "OMRADE_DATA");
        return {{}, {}, "OMRADE_DATA=" + p.string() + " är varken en omrade.toml eller en mapp med omrade.toml"};
    }
    const fs::path bin_dir = self.parent_path();
    for (fs::path d = bin_dir; !d.empty(); d = d.parent_path()) {
        if (is_file(d / "shapefiles" / "kronoberg" / "omrade.toml"))
            return found(d / "shapefiles" / "kronoberg" / "omrade.toml", "bredvid programmet");
        if (is_file(d / "share" / "omrade" / "kronoberg" / "omrade.toml"))
            return found(d / "share" / "omrade" / "kronoberg" / "omrade.toml", "installerad med programmet");
        if (d == d.parent_path()) break;
    }
    std::ifstream marker(bin_dir / "omrade-data.txt");
    std::string dir;
    if (marker && std::getline(marker, dir) && is_file(fs::path(dir) / "omrade.toml"))
        return found(fs::path(dir) / "omrade.toml", "enligt " + (bin_dir / "omrade-data.txt").string());
    return {{}, {}, "hittar inte de inbyggda Kronobergsdata (shapefiles/kronoberg/omrade.toml) vid " + self.string() +
                        " eller i någon mapp ovanför; ange --config FIL eller miljövariabeln OMRADE_DATA"};
}

EmbeddedDefault find_embedded_default() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return find_embedded_default(ec ? fs::path() : self, std::getenv("OMRADE_DATA"));
}

}  // namespace omrade::tools
