// The fast path of aggregate-points: prepared polygons (PreparedAreas) and a streamed, threaded
// aggregation that applies its results in read order, so that it gives exactly what the simple
// path (assign_points, aggregate_points in point_aggregate.cpp) gives.
#include "geo/error.hpp"
#include "geo/point_aggregate.hpp"
#include "geo/transform.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace omrade::geo {

namespace {

struct Edge {
    double ax, ay, bx, by;
};

// One polygon of a multipolygon: its envelope and its edges (all rings) in horizontal strips.
struct Part {
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    double inv_h = 0;
    std::uint32_t strips = 1;
    std::vector<std::uint32_t> start;  // strips + 1 offsets into edges
    std::vector<Edge> edges;
};

enum class Cover { Outside, Covered, Unsure };

// A strip (or grid cell) index by the same monotone formula for edges and points, so that a
// value inside [lo, hi] always falls in one of the cells lo..hi were given.
inline std::uint32_t cell_of(double v, double origin, double inv, std::uint32_t n) {
    const double c = std::floor((v - origin) * inv);
    if (!(c > 0)) return 0;  // also NaN
    return c >= n ? n - 1 : static_cast<std::uint32_t>(c);
}

}  // namespace

struct PreparedAreas::Impl {
    std::vector<MultiPolygon> polygons;  // for the exact test
    std::vector<Box> envelopes;
    std::vector<bool> fast;  // valid polygon: the crossing test holds; else always Boost
    std::vector<std::uint32_t> first_part;  // polygons.size() + 1 offsets into parts
    std::vector<Part> parts;
    // Grid over the extent: per cell the polygons whose (slightly widened) envelope meets it.
    double gx0 = 0, gy0 = 0, ginvx = 0, ginvy = 0;
    std::uint32_t gnx = 1, gny = 1;
    std::vector<std::uint32_t> cell_start;
    std::vector<std::uint32_t> cell_polys;
    // Points closer than this to an edge's range are tested against the edge; points within
    // rounding distance of an edge line go to Boost (see classify).
    double margin = 0;
    mutable std::atomic<std::size_t> fallbacks{0};

    Cover classify(const Part& part, const Point& pt) const {
        const double px = pt.x(), py = pt.y();
        if (px < part.minx - margin || px > part.maxx + margin || py < part.miny - margin || py > part.maxy + margin) {
            return Cover::Outside;
        }
        const std::uint32_t s = cell_of(py, part.miny, part.inv_h, part.strips);
        bool inside = false;
        for (std::uint32_t k = part.start[s]; k < part.start[s + 1]; ++k) {
            const Edge& e = part.edges[k];
            if (py < std::min(e.ay, e.by) - margin || py > std::max(e.ay, e.by) + margin) continue;
            if (px > std::max(e.ax, e.bx) + margin) continue;  // left of p: no crossing, not on it
            const bool spans = (e.ay > py) != (e.by > py);
            if (px < std::min(e.ax, e.bx) - margin) {  // right of p: the ray crosses it if it spans p's y
                if (spans) inside = !inside;
                continue;
            }
            const double t1 = (e.bx - e.ax) * (py - e.ay);
            const double t2 = (e.by - e.ay) * (px - e.ax);
            const double det = t1 - t2;
            // Far beyond the rounding error of det (relative 1e-9) and beyond a micrometre-scale
            // distance to the line: the sign is certain. Otherwise the point is on or next to the
            // edge and Boost decides, with its own tolerances, exactly as assign_points does.
            const double bound = 1e-9 * (std::fabs(t1) + std::fabs(t2)) +
                                 margin * (std::fabs(e.bx - e.ax) + std::fabs(e.by - e.ay));
            if (std::fabs(det) <= bound) return Cover::Unsure;
            if (spans && ((det > 0) == (e.by > e.ay))) inside = !inside;
        }
        return inside ? Cover::Covered : Cover::Outside;
    }

    bool covers(std::size_t i, const Point& p) const {
        if (!fast[i]) {
            fallbacks.fetch_add(1, std::memory_order_relaxed);
            return bg::covered_by(p, polygons[i]);
        }
        bool unsure = false;
        for (std::uint32_t k = first_part[i]; k < first_part[i + 1]; ++k) {
            const Cover c = classify(parts[k], p);
            if (c == Cover::Covered) return true;
            if (c == Cover::Unsure) unsure = true;
        }
        if (!unsure) return false;
        fallbacks.fetch_add(1, std::memory_order_relaxed);
        return bg::covered_by(p, polygons[i]);
    }
};

PreparedAreas::PreparedAreas(const std::vector<MultiPolygon>& polygons) : m_impl(std::make_unique<Impl>()) {
    Impl& m = *m_impl;
    m.polygons = polygons;
    const std::size_t n = polygons.size();
    m.envelopes.resize(n);
    m.fast.assign(n, false);
    m.first_part.assign(n + 1, 0);
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    for (std::size_t i = 0; i < n; ++i) {
        if (polygons[i].empty()) continue;
        m.envelopes[i] = bg::return_envelope<Box>(polygons[i]);
        x0 = std::min(x0, m.envelopes[i].min_corner().x());
        y0 = std::min(y0, m.envelopes[i].min_corner().y());
        x1 = std::max(x1, m.envelopes[i].max_corner().x());
        y1 = std::max(y1, m.envelopes[i].max_corner().y());
    }
    if (!(x0 <= x1)) x0 = y0 = x1 = y1 = 0;  // no polygons
    m.margin = 1e-6 + 1e-12 * std::max({std::fabs(x0), std::fabs(x1), std::fabs(y0), std::fabs(y1)});

    for (std::size_t i = 0; i < n; ++i) {
        m.first_part[i] = static_cast<std::uint32_t>(m.parts.size());
        if (polygons[i].empty()) continue;
        m.fast[i] = bg::is_valid(polygons[i]);
        if (!m.fast[i]) continue;
        for (const Polygon& poly : polygons[i]) {
            Part part;
            const Box b = bg::return_envelope<Box>(poly);
            part.minx = b.min_corner().x();
            part.miny = b.min_corner().y();
            part.maxx = b.max_corner().x();
            part.maxy = b.max_corner().y();
            std::vector<Edge> edges;
            auto ring_edges = [&edges](const auto& ring) {
                for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
                    const Point& a = ring[k];
                    const Point& c = ring[k + 1];
                    if (a.x() != c.x() || a.y() != c.y()) edges.push_back({a.x(), a.y(), c.x(), c.y()});
                }
                if (ring.size() > 1 && !bg::equals(ring.front(), ring.back())) {
                    edges.push_back({ring.back().x(), ring.back().y(), ring.front().x(), ring.front().y()});
                }
            };
            ring_edges(poly.outer());
            for (const auto& inner : poly.inners()) ring_edges(inner);
            part.strips = static_cast<std::uint32_t>(std::clamp<std::size_t>(edges.size() / 2, 1, 4096));
            const double h = part.maxy - part.miny;
            part.inv_h = h > 0 ? part.strips / h : 0;
            std::vector<std::uint32_t> count(part.strips + 1, 0);
            auto range = [&](const Edge& e) {
                return std::pair(cell_of(std::min(e.ay, e.by) - m.margin, part.miny, part.inv_h, part.strips),
                                 cell_of(std::max(e.ay, e.by) + m.margin, part.miny, part.inv_h, part.strips));
            };
            for (const Edge& e : edges) {
                const auto r = range(e);
                for (std::uint32_t s = r.first; s <= r.second; ++s) ++count[s + 1];
            }
            for (std::uint32_t s = 0; s < part.strips; ++s) count[s + 1] += count[s];
            part.start = count;
            part.edges.resize(count.back());
            for (const Edge& e : edges) {
                const auto r = range(e);
                for (std::uint32_t s = r.first; s <= r.second; ++s) part.edges[count[s]++] = e;
            }
            m.parts.push_back(std::move(part));
        }
    }
    m.first_part[n] = static_cast<std::uint32_t>(m.parts.size());

    // About eight cells per polygon, square-ish.
    const double w = std::max(x1 - x0, 1e-9), h = std::max(y1 - y0, 1e-9);
    const double cells = std::max<double>(8.0 * static_cast<double>(n), 1.0);
    m.gnx = static_cast<std::uint32_t>(std::clamp(std::sqrt(cells * w / h), 1.0, 4096.0));
    m.gny = static_cast<std::uint32_t>(std::clamp(cells / m.gnx, 1.0, 4096.0));
    m.gx0 = x0;
    m.gy0 = y0;
    m.ginvx = m.gnx / w;
    m.ginvy = m.gny / h;
    std::vector<std::uint32_t> count(static_cast<std::size_t>(m.gnx) * m.gny + 1, 0);
    auto cells_of = [&m](const Box& b, auto&& f) {
        const std::uint32_t cx0 = cell_of(b.min_corner().x() - m.margin, m.gx0, m.ginvx, m.gnx);
        const std::uint32_t cx1 = cell_of(b.max_corner().x() + m.margin, m.gx0, m.ginvx, m.gnx);
        const std::uint32_t cy0 = cell_of(b.min_corner().y() - m.margin, m.gy0, m.ginvy, m.gny);
        const std::uint32_t cy1 = cell_of(b.max_corner().y() + m.margin, m.gy0, m.ginvy, m.gny);
        for (std::uint32_t cy = cy0; cy <= cy1; ++cy) {
            for (std::uint32_t cx = cx0; cx <= cx1; ++cx) f(static_cast<std::size_t>(cy) * m.gnx + cx);
        }
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!polygons[i].empty()) cells_of(m.envelopes[i], [&count](std::size_t c) { ++count[c + 1]; });
    }
    for (std::size_t c = 0; c + 1 < count.size(); ++c) count[c + 1] += count[c];
    m.cell_start = count;
    m.cell_polys.resize(count.back());
    for (std::size_t i = 0; i < n; ++i) {  // in index order: each cell's list is ascending
        if (polygons[i].empty()) continue;
        cells_of(m.envelopes[i],
                 [&](std::size_t c) { m.cell_polys[count[c]++] = static_cast<std::uint32_t>(i); });
    }
}

PreparedAreas::~PreparedAreas() = default;
PreparedAreas::PreparedAreas(PreparedAreas&&) noexcept = default;
PreparedAreas& PreparedAreas::operator=(PreparedAreas&&) noexcept = default;

PreparedAreas::Hit PreparedAreas::assign(const Point& p) const {
    const Impl& m = *m_impl;
    Hit hit;
    if (m.cell_polys.empty()) return hit;
    const std::uint32_t cx = cell_of(p.x(), m.gx0, m.ginvx, m.gnx);
    const std::uint32_t cy = cell_of(p.y(), m.gy0, m.ginvy, m.gny);
    const std::size_t c = static_cast<std::size_t>(cy) * m.gnx + cx;
    for (std::uint32_t k = m.cell_start[c]; k < m.cell_start[c + 1]; ++k) {
        const std::uint32_t i = m.cell_polys[k];
        // The candidates of assign_points' R-tree: envelopes that the point intersects.
        if (!bg::intersects(p, m.envelopes[i])) continue;
        if (!m.covers(i, p)) continue;
        if (hit.polygon) {
            hit.shared = true;
            break;
        }
        hit.polygon = i;
    }
    return hit;
}

std::size_t PreparedAreas::exact_fallbacks() const { return m_impl->fallbacks.load(); }

namespace {

std::string fid_text(std::int64_t fid) { return "fid " + std::to_string(fid); }

bool is_missing(const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return true;
    const auto* s = std::get_if<std::string>(&v);
    return s && s->find_first_not_of(" \t") == std::string::npos;
}

// A batch in flight: what the reader read and what a worker found for its positions.
struct Job {
    std::size_t number = 0;
    PointBatch batch;
    std::vector<std::int32_t> polygon;  // per position in batch.xy: polygon or -1
    std::vector<std::uint8_t> shared;
};

void assign_job(const PreparedAreas& prepared, Job& job) {
    const std::size_t n = job.batch.xy.size();
    job.polygon.resize(n);
    job.shared.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        const PreparedAreas::Hit h = prepared.assign(job.batch.xy[k]);
        job.polygon[k] = h.polygon ? static_cast<std::int32_t>(*h.polygon) : -1;
        job.shared[k] = h.shared ? 1 : 0;
    }
}

// The accounting of aggregate_points, applied batch by batch in read order.
class Accounting {
public:
    Accounting(std::size_t areas, bool with_field)
        : m_with_field(with_field), counts(areas, 0), missing(areas, 0), sums(areas, 0.0), has_value(areas, false) {}

    void apply(const Job& job) {
        const PointBatch& b = job.batch;
        std::size_t k = 0;  // position index in b.xy
        for (std::size_t i = 0; i < b.size(); ++i) {
            ++rep.points;
            if (b.kind[i] != PointKind::Located) {
                ++rep.without_geometry;
                // aggregate_points adds these values after all located points: keep them in order.
                if (const auto v = value_of(b, i)) unlocated.push_back(*v);
                continue;
            }
            const std::int32_t poly = job.polygon[k];
            if (job.shared[k]) ++rep.on_shared_boundary;
            ++k;
            const auto v = value_of(b, i);
            if (poly >= 0) {
                const auto a = static_cast<std::size_t>(poly);
                ++rep.assigned;
                ++counts[a];
                if (v) {
                    sums[a] += *v;
                    has_value[a] = true;
                    rep.sum_assigned += *v;
                } else if (m_with_field) {
                    ++missing[a];
                }
            } else {
                ++rep.outside;
                if (rep.outside_fids.size() < 20) rep.outside_fids.push_back(b.fid[i]);
                if (v) rep.sum_outside += *v;
            }
        }
    }

    void finish() {
        for (const double v : unlocated) rep.sum_outside += v;
        unlocated.clear();
    }

    PointAggregateReport rep;

private:
    std::optional<double> value_of(const PointBatch& b, std::size_t i) {
        if (!m_with_field) return std::nullopt;
        const Value& v = b.value[i];
        if (is_missing(v)) {
            ++rep.null_values;
            return std::nullopt;
        }
        const auto num = to_number(v);
        if (!num) ++rep.non_numeric_values;
        return num;
    }

    bool m_with_field;
    std::vector<double> unlocated;  // values of points without a position, in read order

public:
    std::vector<std::int64_t> counts, missing;
    std::vector<double> sums;
    std::vector<bool> has_value;
};

// Workers test batches; finished batches are applied in number order by whichever thread
// completes the next one. The calling thread reads and hands batches in with submit().
class Pipeline {
public:
    Pipeline(const PreparedAreas& prepared, Accounting& accounting, unsigned threads)
        : m_prepared(prepared), m_accounting(accounting), m_capacity(2 * static_cast<std::size_t>(threads)) {
        for (unsigned t = 0; t < threads; ++t) m_workers.emplace_back([this] { work(); });
    }
    ~Pipeline() { stop(); }
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    // Blocks while the queue and the finished-but-unapplied batches are full (bounded memory).
    void submit(std::unique_ptr<Job> job) {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [this] { return m_in_flight < m_capacity || m_failed; });
        rethrow_locked();
        ++m_in_flight;
        m_queue.push_back(std::move(job));
        m_work.notify_one();
    }

    // Waits until every submitted batch is applied; rethrows a worker's exception.
    void finish() {
        {
            std::unique_lock lock(m_mutex);
            m_space.wait(lock, [this] { return m_in_flight == 0 || m_failed; });
        }
        stop();
        std::lock_guard lock(m_mutex);
        rethrow_locked();
    }

private:
    void rethrow_locked() {
        if (m_error) std::rethrow_exception(m_error);
    }

    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_work.notify_all();
        for (auto& t : m_workers) {
            if (t.joinable()) t.join();
        }
    }

    void work() {
        for (;;) {
            std::unique_ptr<Job> job;
            {
                std::unique_lock lock(m_mutex);
                m_work.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
                if (m_queue.empty()) return;
                job = std::move(m_queue.front());
                m_queue.pop_front();
            }
            try {
                assign_job(m_prepared, *job);
                std::lock_guard lock(m_apply_mutex);
                {
                    std::lock_guard inner(m_mutex);
                    m_done.emplace(job->number, std::move(job));
                }
                // Apply every batch that is next in order (outside m_mutex: the reader keeps going).
                for (;;) {
                    std::unique_ptr<Job> next;
                    {
                        std::lock_guard inner(m_mutex);
                        auto it = m_done.find(m_next);
                        if (it == m_done.end()) break;
                        next = std::move(it->second);
                        m_done.erase(it);
                    }
                    m_accounting.apply(*next);
                    std::lock_guard inner(m_mutex);
                    ++m_next;
                    --m_in_flight;
                    m_space.notify_all();
                }
            } catch (...) {
                std::lock_guard lock(m_mutex);
                if (!m_error) m_error = std::current_exception();
                m_failed = true;
                m_space.notify_all();
            }
        }
    }

    const PreparedAreas& m_prepared;
    Accounting& m_accounting;
    const std::size_t m_capacity;
    std::mutex m_mutex, m_apply_mutex;
    std::condition_variable m_work, m_space;
    std::deque<std::unique_ptr<Job>> m_queue;
    std::map<std::size_t, std::unique_ptr<Job>> m_done;
    std::size_t m_next = 0, m_in_flight = 0;
    bool m_stopping = false, m_failed = false;
    std::exception_ptr m_error;
    std::vector<std::thread> m_workers;
};

std::string rate_text(double points, double seconds) {
    return fmt::format("{:.2f} miljoner/s", seconds > 0 ? points / seconds / 1e6 : 0.0);
}

}  // namespace

PointAggregateResult aggregate_points_stream(const Layer& areas, const SourceName& points, const ReadOptions& read,
                                             const std::string& field, const PointStreamOptions& options) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    PointReader reader(points, read);
    const Layer& schema = reader.schema();
    if (!areas.crs.empty() && !schema.crs.empty() && !same_crs(areas.crs, schema.crs)) {
        throw DataError({schema.source, 0, {}, {}}, "punkterna har ett annat koordinatsystem (" + schema.crs +
                        ") än områdena (" + areas.crs + ")", "läs båda lagren till samma koordinatsystem");
    }
    std::vector<MultiPolygon> polygons;
    polygons.reserve(areas.features.size());
    for (const auto& f : areas.features) {
        if (std::holds_alternative<Point>(f.geometry)) {
            throw DataError({areas.source, 0, fid_text(f.fid), {}}, "områdeslagret innehåller punkter",
                            "ange ett lager med ytor (polygoner) som --areas");
        }
        polygons.push_back(is_empty(f.geometry) ? MultiPolygon{} : std::get<MultiPolygon>(f.geometry));
    }
    if (!field.empty()) reader.select_field(field);

    PointAggregateResult result;
    result.layer = areas;
    Layer& out = result.layer;
    const std::string count_name = "antal";
    const std::string sum_name = "summa_" + field;
    const std::string missing_name = "antal_utan_" + field;
    for (const std::string& name : field.empty() ? std::vector<std::string>{count_name}
                                                 : std::vector<std::string>{count_name, sum_name, missing_name}) {
        if (out.field_index(name)) {
            throw DataError({areas.source, 0, {}, name}, "fältet finns redan i områdeslagret",
                            "byt namn på fältet i källan; omrade lägger till " + name);
        }
    }

    const PreparedAreas prepared(polygons);
    if (options.progress) {
        options.progress(fmt::format("punkter: {} områden förberedda på {:.2f} s", polygons.size(),
                                     std::chrono::duration<double>(Clock::now() - t0).count()));
    }
    Accounting acc(out.features.size(), !field.empty());
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t batch_size = std::max<std::size_t>(options.batch_size, 1);

    const auto t_read = Clock::now();
    auto last_report = t_read;
    std::size_t read_count = 0;
    auto report = [&](bool done) {
        if (!options.progress) return;
        const auto now = Clock::now();
        if (!done && now - last_report < std::chrono::seconds(1)) return;
        last_report = now;
        const double s = std::chrono::duration<double>(now - t_read).count();
        options.progress(fmt::format("punkter: {} {} ({})", read_count, done ? "räknade" : "lästa",
                                     rate_text(static_cast<double>(read_count), s)));
    };
    // A point layer with areas in it is an error, at the first such feature (as aggregate_points).
    auto check_kinds = [&schema](const PointBatch& b) {
        for (std::size_t i = 0; i < b.size(); ++i) {
            if (b.kind[i] == PointKind::Area) {
                throw DataError({schema.source, 0, fid_text(b.fid[i]), {}}, "punktlagret innehåller ytor",
                                "ange ett lager med punkter som --points");
            }
        }
    };

    if (threads <= 1) {
        Job job;
        while (reader.next(job.batch, batch_size)) {
            check_kinds(job.batch);
            read_count += job.batch.size();
            assign_job(prepared, job);
            acc.apply(job);
            report(false);
        }
    } else {
        Pipeline pipeline(prepared, acc, threads);
        for (std::size_t number = 0;; ++number) {
            auto job = std::make_unique<Job>();
            job->number = number;
            if (!reader.next(job->batch, batch_size)) break;
            check_kinds(job->batch);
            read_count += job->batch.size();
            pipeline.submit(std::move(job));
            report(false);
        }
        pipeline.finish();
    }
    acc.finish();
    report(true);

    result.report = std::move(acc.rep);
    const std::size_t count_idx = out.add_field(count_name, FieldType::Integer);
    std::size_t sum_idx = 0, missing_idx = 0;
    if (!field.empty()) {
        sum_idx = out.add_field(sum_name, FieldType::Real);
        missing_idx = out.add_field(missing_name, FieldType::Integer);
    }
    for (std::size_t a = 0; a < out.features.size(); ++a) {
        Feature& f = out.features[a];
        f.values[count_idx] = acc.counts[a];
        if (field.empty()) continue;
        f.values[missing_idx] = acc.missing[a];
        if (acc.counts[a] == 0 || acc.has_value[a]) f.values[sum_idx] = acc.sums[a];
        else f.values[sum_idx] = std::monostate{};
    }
    return result;
}

}  // namespace omrade::geo
