#!/usr/bin/env python3
# Independent reference for the funnel plots of PHEindicatormethods (calculate_funnel_limits,
# assign_funnel_significance), written from the definitions, not from the package's closed forms:
# - proportion: the lower (upper) 95 % control limit at denominator n is the share p whose Wilson
#   upper (lower) limit at n with z = qnorm(0.975) equals the average; found by root finding on
#   the Wilson score formula; 99.8 % with z = qnorm(0.999).
# - rate: the unit's count limits are Byar's approximation from 10 events and exact Poisson
#   limits below (the means whose Poisson tail probability is (1-c)/2, found by root finding on
#   the Poisson distribution function); significance compares the average rate with them.
# Usage: funnel_reference.py proportion|rate "num/den" ...   prints per unit the limits and state.
import sys
from mpmath import mp, mpf, sqrt, erfinv, findroot, gammainc, exp, factorial
mp.dps = 40

def z_of(p):  # one-sided probability p -> normal quantile
    return sqrt(2) * erfinv(2 * mpf(p) - 1)

def wilson(x, n, z, upper):
    c = 2 * x + z * z
    s = z * sqrt(z * z + 4 * x * (1 - x / n))
    return (c + s if upper else c - s) / (2 * (n + z * z))

def control_limit(av, n, p, high):
    z = z_of(p)
    # high: the share whose lower Wilson limit is the average; low: whose upper one is.
    f = lambda q: wilson(q * n, n, z, not high) - av
    lo, hi = (mpf(av), mpf(1)) if high else (mpf(0), mpf(av))
    # No share in 0…1 reaches the average: the limit lies outside (the package's formula gives a
    # value below 0 or above 1, clipped when drawn, never reached by a unit in the test).
    if not high and f(lo) > 0:
        return mpf(-1)
    if high and f(hi) < 0:
        return mpf(2)
    for _ in range(200):  # bisection: monotone in q
        mid = (lo + hi) / 2
        if f(mid) > 0:  # f increases with q on both sides
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2

def poisson_cdf(k, lam):  # P(X <= k)
    return sum(exp(-lam) * lam**i / factorial(i) for i in range(int(k) + 1))

def exact_mean(x, tail, upper):
    # upper: lam with P(X <= x) = tail; lower: lam with P(X >= x) = tail
    lo, hi = mpf(0), mpf(10 * x + 50)
    for _ in range(200):
        mid = (lo + hi) / 2
        v = poisson_cdf(x, mid) if upper else 1 - poisson_cdf(x - 1, mid)
        if (v > tail) == upper:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2

def count_limits(x, c):
    if x < 10:
        lower = mpf(0) if x == 0 else exact_mean(x, (1 - mpf(c)) / 2, False)
        return lower, exact_mean(x, (1 - mpf(c)) / 2, True)
    z = z_of(mpf(1) - (1 - mpf(c)) / 2)
    x = mpf(x)
    return (x * (1 - 1 / (9 * x) - z / (3 * sqrt(x)))**3,
            (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * sqrt(x + 1)))**3)

def main():
    kind = sys.argv[1]
    units = [tuple(mpf(v) for v in a.split('/')) for a in sys.argv[2:]]
    av = sum(u[0] for u in units) / sum(u[1] for u in units)
    print('average', mp.nstr(av, 15))
    for x, n in units:
        v = x / n
        if kind == 'proportion':
            l95, u95 = control_limit(av, n, '0.975', False), control_limit(av, n, '0.975', True)
            l998, u998 = control_limit(av, n, '0.999', False), control_limit(av, n, '0.999', True)
            state = ('lagre_998' if v < l998 else 'lagre_95' if v < l95 else
                     'hogre_998' if v > u998 else 'hogre_95' if v > u95 else 'inom')
            print(f'{int(x)}/{int(n)}', *(mp.nstr(min(max(t, 0), 1), 15) for t in (v, l95, u95, l998, u998)), state, '(limits clipped to 0-1)')
        else:
            lo998, up998 = count_limits(x, '0.998')
            lo95, up95 = count_limits(x, '0.95')
            state = ('hogre_998' if av < lo998 / n else 'hogre_95' if av < lo95 / n else
                     'lagre_998' if av > up998 / n else 'lagre_95' if av > up95 / n else 'inom')
            print(f'{int(x)}/{int(n)}', mp.nstr(v, 15), *(mp.nstr(t / n, 15) for t in (lo95, up95, lo998, up998)), state)

main()
