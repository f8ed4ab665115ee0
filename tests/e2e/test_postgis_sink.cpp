// `omrade build --postgis` without a server: the messages when the target cannot be used. The
// round trip against a real server is tests/postgis/postgis_sink_test.sh.
#include "e2e/run.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace omrade::test;

namespace {

// A port on 127.0.0.1 that nothing listens on: bound by us, then closed.
int closed_port() {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    EXPECT_EQ(getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    close(s);
    return ntohs(addr.sin_port);
}

}  // namespace

TEST(PostgisSink, UnreachableServerIsADataErrorAndNothingIsWritten) {
    const fs::path dir = scratch_dir("postgis_unreachable");
    const std::string conn = "PG:host=127.0.0.1 port=" + std::to_string(closed_port()) + " dbname=gis user=analytiker password=hemligt";
    const auto r = run_omrade({"build", "--no-progress", "--out", (dir / "out").string(), "--postgis", conn});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("kan inte ansluta till PostgreSQL-servern"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("kontrollera host, port, dbname, user och lösenord"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("password=***"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("hemligt"), std::string::npos) << "the password is not shown: " << r.err;
    EXPECT_FALSE(fs::exists(dir / "out")) << "checked before anything is read or written";
}

TEST(PostgisSink, NotAConnectionString) {
    const fs::path dir = scratch_dir("postgis_not_pg");
    const auto r = run_omrade({"build", "--no-progress", "--out", (dir / "out").string(), "--postgis", "gis.sqlite"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("ska börja med PG:"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(PostgisSink, SchemaMustBeAPlainIdentifier) {
    const fs::path dir = scratch_dir("postgis_bad_schema");
    for (const std::string schema : {"Omrade", "1a", "omrade; DROP TABLE x", "select"}) {
        const auto r = run_omrade({"build", "--no-progress", "--out", (dir / "out").string(), "--postgis",
                                   "PG:host=127.0.0.1 port=1 dbname=gis", "--schema", schema});
        EXPECT_EQ(r.exit_code, 2) << schema << ": " << r.err;
        EXPECT_NE(r.err.find("schemanamnet går inte att använda"), std::string::npos) << r.err;
    }
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(PostgisSink, SchemaNeedsPostgis) {
    const auto r = run_omrade({"build", "--no-progress", "--schema", "omrade"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--postgis"), std::string::npos) << r.err;
}
