#!/usr/bin/env python3
# Usage: sii_reference.py proportion|rate|other INPUT.csv [MULTIPLIER] [REPETITIONS]
# prints per group: sii, its 95 and 99.8 % limits, rii, its 95 and 99.8 % limits.
# Independent reference for phe_sii (PHEindicatormethods R/SII_function.R, R/utils.R), written from
# the published description: WLS of sqrt(a)*y on sqrt(a), b*sqrt(a); SE from 95% limits on the
# transformed scale; Monte Carlo CI with sorted-sample positions round(R*(1-c')), round(R*c').
import math, random, sys
from mpmath import mp, mpf, matrix, sqrt as msqrt, erfinv, log as mlog
mp.dps = 30
def z975(): return msqrt(2)*erfinv(mpf('0.95'))
def fit(pop, y):
    tot = sum(pop); a = [mpf(p)/tot for p in pop]
    b=[]; c=mpf(0)
    for ai in a: b.append(c+ai/2); c+=ai
    X = matrix([[msqrt(ai), bi*msqrt(ai)] for ai,bi in zip(a,b)])
    Y = matrix([msqrt(ai)*mpf(yi) for ai,yi in zip(a,y)])
    beta = (X.T*X)**-1 * (X.T*Y)
    return beta[0], beta[1], a, b
def tr(v,t):
    v=mpf(v)
    return mlog(v) if t==1 else (mlog(v/(1-v)) if t==2 else v)
def bk(v,t):
    return math.exp(v) if t==1 else (math.exp(v)/(1+math.exp(v)) if t==2 else v)
def sii(rows, t, mult=1, reps=100000, seed=1):
    pop=[r[0] for r in rows]; y=[r[1] for r in rows]
    alpha,beta,a,b = fit(pop,y)
    s = mult*beta; rii=(alpha+beta)/alpha
    if mult<0: rii=1/rii
    z=z975()
    mean=[float(tr(r[1],t)) for r in rows]
    se=[float((tr(r[3],t)-tr(r[2],t))/z/2) for r in rows]
    # regression operator rows for alpha, beta
    tot=sum(pop); af=[p/tot for p in pop]; bf=[]; c=0.0
    for ai in af: bf.append(c+ai/2); c+=ai
    s0=sum(af); s1=sum(x*y_ for x,y_ in zip(af,bf)); s2=sum(x*y_*y_ for x,y_ in zip(af,bf))
    det=s0*s2-s1*s1
    rng=random.Random(seed)
    S=[];Rr=[]
    for _ in range(reps):
        ys=[bk(rng.gauss(m,sd),t) for m,sd in zip(mean,se)]
        A=sum(ai*yy for ai,yy in zip(af,ys)); B=sum(ai*bi*yy for ai,bi,yy in zip(af,bf,ys))
        al=(s2*A-s1*B)/det; be=(s0*B-s1*A)/det
        S.append(mult*be); r_=(al+be)/al; Rr.append(1/r_ if mult<0 else r_)
    S.sort(); Rr.sort()
    out=[float(s)]
    for c in (0.95,0.998):
        cv=c+(1-c)/2
        lo=max(1,round(reps*(1-cv))); hi=round(reps*cv)
        out += [S[lo-1],S[hi-1]]
    out.append(float(rii))
    for c in (0.95,0.998):
        cv=c+(1-c)/2
        lo=max(1,round(reps*(1-cv))); hi=round(reps*cv)
        out += [Rr[lo-1],Rr[hi-1]]
    return out
if __name__=="__main__":
    import csv
    # rows: group,quantile,population,value,lower,upper
    t={"other":0,"rate":1,"proportion":2}[sys.argv[1]]
    mult=float(sys.argv[3]) if len(sys.argv)>3 else 1
    reps=int(sys.argv[4]) if len(sys.argv)>4 else 100000
    groups={}
    for r in csv.DictReader(open(sys.argv[2])):
        groups.setdefault(r["group"],[]).append((int(r["quantile"]),float(r["population"]),float(r["value"]),float(r["lower"]),float(r["upper"])))
    for g,rows in groups.items():
        rows.sort()
        res=sii([(p,v,l,u) for q,p,v,l,u in rows],t,mult,reps)
        print(g, " ".join("%.12g"%x for x in res))
