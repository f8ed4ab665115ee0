#include "geo/gdal_session.hpp"

#include <cpl_error.h>
#include <gdal.h>
#include <mutex>

namespace omrade::geo::detail {

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

QuietGdal::QuietGdal() {
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
}

QuietGdal::~QuietGdal() { CPLPopErrorHandler(); }

std::string QuietGdal::last_message() {
    const char* m = CPLGetLastErrorMsg();
    return m ? std::string(m) : std::string();
}

}  // namespace omrade::geo::detail
