// Private to geo/: GDAL registration and error capture. Not included by public headers.
#pragma once

#include <string>

namespace omrade::geo::detail {

// Registers GDAL drivers once (thread-safe).
void ensure_gdal();

// Silences GDAL's error printing while alive and gives the last message, so geo/ can put it
// into a DataError instead of GDAL writing to stderr.
class QuietGdal {
public:
    QuietGdal();
    ~QuietGdal();
    QuietGdal(const QuietGdal&) = delete;
    QuietGdal& operator=(const QuietGdal&) = delete;
    static std::string last_message();
};

}  // namespace omrade::geo::detail
