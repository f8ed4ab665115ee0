// The fuzz input as a GDAL in-memory file (/vsimem/), so that geometry ingestion runs through
// geo::read_layer exactly as for a file on disk. GeoPackage when the bytes start as an SQLite
// database, GeoJSON otherwise.
#pragma once

#include <cpl_vsi.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace omrade::fuzz {

class VsimemInput {
public:
    VsimemInput(const std::string& stem, const std::uint8_t* data, std::size_t size)
        : m_path("/vsimem/" + stem + (is_sqlite(data, size) ? ".gpkg" : ".geojson")) {
        // GDAL does not write through a read-only dataset, so the buffer is lent, not copied.
        VSILFILE* f = VSIFileFromMemBuffer(m_path.c_str(), const_cast<GByte*>(data), size, FALSE);
        if (f) VSIFCloseL(f);
    }
    ~VsimemInput() { VSIUnlink(m_path.c_str()); }
    VsimemInput(const VsimemInput&) = delete;
    VsimemInput& operator=(const VsimemInput&) = delete;
    const std::string& path() const { return m_path; }

    static bool is_sqlite(const std::uint8_t* data, std::size_t size) {
        return size >= 16 && std::memcmp(data, "SQLite format 3", 16) == 0;
    }

private:
    std::string m_path;
};

}  // namespace omrade::fuzz
