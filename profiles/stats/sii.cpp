#include "profiles/stats/sii.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>

namespace omrade::profiles {

namespace {

double transform(double v, SiiValueType t) {
    switch (t) {
        case SiiValueType::rate: return std::log(v);
        case SiiValueType::proportion: return std::log(v / (1 - v));
        case SiiValueType::other: break;
    }
    return v;
}

double back(double v, SiiValueType t) {
    switch (t) {
        case SiiValueType::rate: return std::exp(v);
        case SiiValueType::proportion: return 1 / (1 + std::exp(-v));
        case SiiValueType::other: break;
    }
    return v;
}

// Standard normal deviates from a 64-bit Mersenne Twister (its output is fixed by the C++
// standard, unlike std::normal_distribution's algorithm) by Marsaglia's polar method, both
// deviates used: no trigonometry, so the 100 000 repetitions per SII stay cheap.
class Normal {
public:
    explicit Normal(std::uint64_t seed) : m_gen(seed) {}
    double operator()() {
        if (m_has_spare) {
            m_has_spare = false;
            return m_spare;
        }
        double u = 0, v = 0, s = 0;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double f = std::sqrt(-2.0 * std::log(s) / s);
        m_spare = v * f;
        m_has_spare = true;
        return u * f;
    }

private:
    double uniform() { return (static_cast<double>(m_gen() >> 11) + 0.5) * 0x1.0p-53; }  // in (0, 1)
    std::mt19937_64 m_gen;
    double m_spare = 0;
    bool m_has_spare = false;
};

// The deviates of one seed, generated once per process and shared: every simulation with that
// seed reads the same deviates in the same order as its own Normal would give them, so sharing
// changes no output, only removes the generator from all simulations but the first (issue 13:
// the national build runs some 65 000). Grown on demand; streams longer than `max_shared`
// deviates (repetitions far above PHE's 100 000) are not kept and are generated per call.
class SharedDeviates {
public:
    static constexpr std::size_t max_shared = std::size_t{16} << 20;  // 128 MiB of doubles

    static std::shared_ptr<const std::vector<double>> get(std::uint64_t seed, std::size_t length) {
        if (length > max_shared) return nullptr;
        static std::mutex mutex;
        static std::map<std::uint64_t, SharedDeviates> streams;
        const std::lock_guard<std::mutex> lock(mutex);
        auto& s = streams.try_emplace(seed, seed).first->second;
        if (s.m_data->size() < length) {
            auto grown = std::make_shared<std::vector<double>>();
            grown->reserve(length);
            grown->assign(s.m_data->begin(), s.m_data->end());
            while (grown->size() < length) grown->push_back(s.m_normal());
            s.m_data = std::move(grown);
        }
        return s.m_data;
    }

    explicit SharedDeviates(std::uint64_t seed) : m_normal(seed), m_data(std::make_shared<std::vector<double>>()) {}

private:
    Normal m_normal;  // positioned after the last deviate in m_data
    std::shared_ptr<const std::vector<double>> m_data;
};

Estimate point(double value) {
    Estimate e;
    e.status = ValueStatus::ok;
    e.value = value;
    return e;
}

// The k-th smallest draws for every 0-based k in `ks` (ascending), each found by nth_element
// in the part of the sample that the previous ones left it in (the values are order statistics,
// so they do not depend on how the sample was partitioned).
void order_statistics(std::vector<double>& draws, std::size_t from, std::size_t to, const std::size_t* ks,
                      std::size_t count, double* out) {
    if (count == 0) return;
    const std::size_t mid = count / 2;
    const std::size_t k = ks[mid];
    std::nth_element(draws.begin() + static_cast<std::ptrdiff_t>(from), draws.begin() + static_cast<std::ptrdiff_t>(k),
                     draws.begin() + static_cast<std::ptrdiff_t>(to));
    out[mid] = draws[k];
    order_statistics(draws, from, k, ks, mid, out);
    order_statistics(draws, k + 1, to, ks + mid + 1, count - mid - 1, out + mid + 1);
}

// The 95 % and 99.8 % limits: the draws at R's 1-based positions round(R·(1−c')) and round(R·c')
// of the sorted sample (R's round() halves to even, as std::nearbyint in the default rounding
// mode), c' = c + (1 − c)/2. Returns {lower95, upper95, lower998, upper998}.
std::array<double, 4> limits(std::vector<double>& draws) {
    const double reps = static_cast<double>(draws.size());
    auto index = [&](double position) {
        auto k = static_cast<std::size_t>(std::max(1.0, std::nearbyint(position)));
        return std::min(k, draws.size()) - 1;
    };
    std::array<std::size_t, 4> ks{};
    std::size_t slot = 0;
    for (double c : {0.95, 0.998}) {
        const double upper_p = c + (1 - c) / 2;
        ks[slot++] = index(reps * (1 - upper_p));
        ks[slot++] = index(reps * upper_p);
    }
    // Distinct positions in ascending order, then each limit from its position.
    std::array<std::size_t, 4> sorted = ks;
    std::sort(sorted.begin(), sorted.end());
    const auto distinct = static_cast<std::size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
    std::array<double, 4> value{};
    order_statistics(draws, 0, draws.size(), sorted.data(), distinct, value.data());
    std::array<double, 4> out{};
    for (std::size_t i = 0; i < 4; ++i)
        out[i] = value[static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(distinct), ks[i]) - sorted.begin())];
    return out;
}

}  // namespace

std::vector<int> population_quantiles(const std::vector<RankedUnit>& units, int groups) {
    if (groups < 1) throw std::invalid_argument("sii: groups must be >= 1");
    std::vector<int> out(units.size(), 0);
    std::vector<std::size_t> order;
    double total = 0;
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (!std::isfinite(units[i].deprivation) || !std::isfinite(units[i].population) || units[i].population <= 0) continue;
        order.push_back(i);
        total += units[i].population;
    }
    const auto n = static_cast<std::size_t>(groups);
    if (order.size() < n) return out;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (units[a].deprivation != units[b].deprivation) return units[a].deprivation > units[b].deprivation;
        if (units[a].key != units[b].key) return units[a].key < units[b].key;
        return a < b;
    });
    double before = 0;
    int previous = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const double mid = (before + units[order[k]].population / 2) / total;
        before += units[order[k]].population;
        int q = std::min(groups, static_cast<int>(std::floor(groups * mid)) + 1);
        q = std::min(q, previous + 1);                  // no quantile skipped
        q = std::max(q, previous);                      // monotone
        const auto left = static_cast<int>(order.size() - 1 - k);
        q = std::max(q, groups - left);                 // enough units left for the rest
        out[order[k]] = q;
        previous = q;
    }
    return out;
}

SiiCoefficients sii_coefficients(const std::vector<double>& populations) {
    if (populations.size() < 2) throw std::invalid_argument("sii: fewer than 2 quantiles");
    double total = 0;
    for (double p : populations) {
        if (!(std::isfinite(p) && p > 0)) throw std::invalid_argument("sii: a quantile population is not > 0");
        total += p;
    }
    // a = population share, b = cumulative mid-point (FindXValues). The normal equations of
    // sqrt(a)·y = α·sqrt(a) + β·b·sqrt(a) are [Σa Σab; Σab Σab²]·(α, β) = (Σa·y, Σab·y).
    const std::size_t k = populations.size();
    std::vector<double> a(k), b(k);
    double cumulative = 0, s0 = 0, s1 = 0, s2 = 0;
    for (std::size_t q = 0; q < k; ++q) {
        a[q] = populations[q] / total;
        b[q] = cumulative + a[q] / 2;
        cumulative += a[q];
        s0 += a[q];
        s1 += a[q] * b[q];
        s2 += a[q] * b[q] * b[q];
    }
    const double det = s0 * s2 - s1 * s1;
    SiiCoefficients c;
    c.intercept.resize(k);
    c.slope.resize(k);
    for (std::size_t q = 0; q < k; ++q) {
        c.intercept[q] = a[q] * (s2 - s1 * b[q]) / det;
        c.slope[q] = a[q] * (s0 * b[q] - s1) / det;
    }
    return c;
}

SiiResult phe_sii(const std::vector<SiiQuantile>& ordered, const SiiOptions& options) {
    const std::size_t k = ordered.size();
    if (k < 5 || k > 100) throw std::invalid_argument("sii: the number of quantiles must be 5 to 100");
    if (options.repetitions < 1000) throw std::invalid_argument("sii: repetitions must be >= 1000");
    std::vector<double> populations;
    for (const auto& q : ordered) {
        if (!std::isfinite(q.value)) throw std::invalid_argument("sii: non-finite value");
        if (options.type == SiiValueType::proportion && !(q.value >= 0 && q.value <= 1))
            throw std::invalid_argument("sii: proportion outside 0-1");
        if (options.interval) {
            if (!std::isfinite(q.lower) || !std::isfinite(q.upper)) throw std::invalid_argument("sii: non-finite limit");
            if (options.type == SiiValueType::proportion &&
                !(q.lower >= 0 && q.lower <= 1 && q.upper >= 0 && q.upper <= 1))
                throw std::invalid_argument("sii: proportion limit outside 0-1");
        }
        populations.push_back(q.population);
    }
    const SiiCoefficients c = sii_coefficients(populations);
    double intercept = 0, slope = 0;
    for (std::size_t q = 0; q < k; ++q) {
        intercept += c.intercept[q] * ordered[q].value;
        slope += c.slope[q] * ordered[q].value;
    }
    const bool invert = options.multiplier < 0;
    SiiResult r;
    r.sii95 = r.sii998 = point(options.multiplier * slope);
    if (intercept != 0) {
        const double rii = (intercept + slope) / intercept;
        r.rii95 = r.rii998 = point(invert ? 1 / rii : rii);
    } else {
        r.rii95.status = r.rii998.status = ValueStatus::missing;
        r.rii95.note = r.rii998.note = "skattat värde vid rang 0 är 0";
    }
    if (!options.interval) {
        for (Estimate* e : {&r.sii95, &r.sii998, &r.rii95, &r.rii998})
            if (e->status == ValueStatus::ok) e->note = "inget konfidensintervall: värdena saknar osäkerhet";
        return r;
    }

    // Standard errors on the transformed scale, hard-coded at 95 % as in phe_sii.
    const boost::math::normal_distribution<double> normal;
    const double z = boost::math::quantile(boost::math::complement(normal, 0.025));
    std::vector<double> mean(k), se(k);
    for (std::size_t q = 0; q < k; ++q) {
        mean[q] = transform(ordered[q].value, options.type);
        se[q] = (transform(ordered[q].upper, options.type) - transform(ordered[q].lower, options.type)) / z / 2;
        if (!std::isfinite(mean[q]) || !std::isfinite(se[q]) || se[q] < 0) {
            const char* why = "konfidensintervall kan inte simuleras: en kvantils värde eller gräns är 0 eller 1";
            for (Estimate* e : {&r.sii95, &r.sii998, &r.rii95, &r.rii998})
                if (e->status == ValueStatus::ok) e->note = why;
            return r;
        }
    }
    const auto reps = static_cast<std::size_t>(options.repetitions);
    std::vector<double> sii(reps), rii(reps);
    const auto shared = SharedDeviates::get(options.seed, reps * k);
    std::optional<Normal> own;  // only when the stream is too long to share
    if (!shared) own.emplace(options.seed);
    const double* deviate = shared ? shared->data() : nullptr;
    for (std::size_t i = 0; i < reps; ++i) {
        double a = 0, b = 0;
        for (std::size_t q = 0; q < k; ++q) {
            const double d = deviate ? *deviate++ : (*own)();
            const double y = back(mean[q] + se[q] * d, options.type);
            a += c.intercept[q] * y;
            b += c.slope[q] * y;
        }
        sii[i] = options.multiplier * b;
        const double ratio = (a + b) / a;
        rii[i] = invert ? 1 / ratio : ratio;
    }
    auto set = [](Estimate& e, double lower, double upper) {
        if (e.status != ValueStatus::ok) return;
        e.lower = lower;
        e.upper = upper;
    };
    const auto sii_limits = limits(sii);
    set(r.sii95, sii_limits[0], sii_limits[1]);
    set(r.sii998, sii_limits[2], sii_limits[3]);
    const auto rii_limits = limits(rii);
    set(r.rii95, rii_limits[0], rii_limits[1]);
    set(r.rii998, rii_limits[2], rii_limits[3]);
    return r;
}

}  // namespace omrade::profiles
