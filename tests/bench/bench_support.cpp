#include "bench_support.hpp"

#include "geo/reader.hpp"
#include "profiles/input/config.hpp"
#include "test_config.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace omrade::bench {

std::filesystem::path kronoberg_dir() { return test::kronoberg_dir; }

std::string deso_dataset() { return (kronoberg_dir() / "deso2025_kronoberg.gpkg").string(); }

const geo::Layer& deso_layer() {
    static const geo::Layer layer = geo::read_layer({deso_dataset(), "deso"});
    return layer;
}

const std::vector<geo::MultiPolygon>& deso_geometries() {
    static const std::vector<geo::MultiPolygon> geoms = [] {
        std::vector<geo::MultiPolygon> out;
        for (const auto& f : deso_layer().features) {
            const auto* mp = std::get_if<geo::MultiPolygon>(&f.geometry);
            if (mp == nullptr) throw std::runtime_error("DeSO utan polygon i " + deso_dataset());
            out.push_back(*mp);
        }
        return out;
    }();
    return geoms;
}

const profiles::Config& demo_config() {
    static const profiles::Config config = profiles::load_config(kronoberg_dir() / "omrade.toml");
    return config;
}

const profiles::Inputs& demo_inputs() {
    static const profiles::Inputs inputs = profiles::load_inputs(demo_config(), true);
    return inputs;
}

const profiles::Catalogue& demo_catalogue() {
    static const profiles::Catalogue catalogue = profiles::load_catalogue(demo_config().catalogue);
    return catalogue;
}

geo::Box envelope(const std::vector<geo::MultiPolygon>& geoms) {
    geo::Box box;
    geo::bg::assign_inverse(box);
    for (const auto& g : geoms) geo::bg::expand(box, geo::bg::return_envelope<geo::Box>(g));
    return box;
}

std::vector<geo::MultiPolygon> square_grid(const geo::Box& box, double cell) {
    const double x0 = std::floor(box.min_corner().x() / cell) * cell;
    const double y0 = std::floor(box.min_corner().y() / cell) * cell;
    const auto nx = static_cast<long>(std::ceil((box.max_corner().x() - x0) / cell));
    const auto ny = static_cast<long>(std::ceil((box.max_corner().y() - y0) / cell));
    std::vector<geo::MultiPolygon> grid;
    grid.reserve(static_cast<std::size_t>(nx * ny));
    for (long j = 0; j < ny; ++j) {
        for (long i = 0; i < nx; ++i) {
            const double xa = x0 + static_cast<double>(i) * cell, xb = xa + cell;
            const double ya = y0 + static_cast<double>(j) * cell, yb = ya + cell;
            geo::Polygon square;
            // Clockwise and closed, as Boost.Geometry's default polygon expects.
            square.outer() = {{xa, ya}, {xa, yb}, {xb, yb}, {xb, ya}, {xa, ya}};
            grid.push_back(geo::MultiPolygon{square});
        }
    }
    return grid;
}

std::vector<geo::MultiPolygon> replicate(const std::vector<geo::MultiPolygon>& geoms, int nx, int ny,
                                         double dx, double dy) {
    std::vector<geo::MultiPolygon> out;
    out.reserve(geoms.size() * static_cast<std::size_t>(nx * ny));
    for (int j = 0; j < ny; ++j) {
        for (int i = 0; i < nx; ++i) {
            const double ox = i * dx, oy = j * dy;
            for (geo::MultiPolygon g : geoms) {
                for (auto& poly : g) {
                    auto shift = [&](auto& ring) {
                        for (auto& p : ring) p = geo::Point(p.x() + ox, p.y() + oy);
                    };
                    shift(poly.outer());
                    for (auto& inner : poly.inners()) shift(inner);
                }
                out.push_back(std::move(g));
            }
        }
    }
    return out;
}

double proc_status_kib(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) != 0) continue;
        std::istringstream value(line.substr(field.size() + 1));
        double kib = 0;
        value >> kib;
        return kib;
    }
    return 0;
}

bool reset_peak_rss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

}  // namespace omrade::bench
