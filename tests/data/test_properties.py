"""Properties that must hold for any input the pages can send, not just the examples we thought of."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.data import corridors as C
from dashboard.data import oblasts as O
from dashboard.data import stock as S
from dashboard.data.boundaries import OBLAST_CODES

FAST = settings(max_examples=50, deadline=None)

# Longest possible geodesic on WGS84: pole to pole along a meridian (~20,004 km). On an oblate ellipsoid even two
# antipodal points on the equator are joined over the poles, so no distance exceeds it (half the equator is longer).
HALF_MERIDIAN_KM = 20003.931458625
TOL_KM = 1e-6

lat = st.floats(min_value=-90, max_value=90, allow_nan=False)
lon = st.floats(min_value=-180, max_value=180, allow_nan=False)
point = st.tuples(lat, lon)


@pytest.fixture(scope="module")
def stock_index(bundle):
    """Raw migrant_stock rows by primary key, and the choices a user could make."""
    ms = bundle["migrant_stock"]
    rows = {(int(r.year), r.destination_iso3, r.sex, r.source_id): int(r.value) for r in ms.itertuples()}
    return {
        "rows": rows,
        "sources": sorted(set(ms["source_id"])) + ["NO_SUCH_SOURCE"],
        "years": sorted({int(y) for y in ms["year"]}),
        "destinations": sorted(set(ms["destination_iso3"])) + ["ZZZ"],
    }


@FAST
@given(data=st.data())
def test_stock_filters_never_invent_rows(bundle, stock_index, data):
    source = data.draw(st.sampled_from(stock_index["sources"]), label="source")
    sex = data.draw(st.sampled_from(["both", "male", "female"]), label="sex")
    year = data.draw(st.none() | st.sampled_from(stock_index["years"]) | st.integers(1900, 2100), label="year")
    dests = data.draw(st.none() | st.lists(st.sampled_from(stock_index["destinations"]), max_size=8, unique=True),
                      label="destinations")

    out = S.stock_by_destination(bundle, source, sex, year, dests)

    rows = stock_index["rows"]
    seen = set()
    for r in out.itertuples():
        key = (int(r.year), r.destination_iso3, sex, r.source_id)
        assert key in rows, f"invented row {key}"
        assert rows[key] == r.value, f"value changed for {key}"
        assert key not in seen, f"row {key} returned twice"
        seen.add(key)
        assert r.source_id == source and r.destination_iso3 != "WLD"
        if year is not None:
            assert r.year == year
        if dests:
            assert r.destination_iso3 in dests
    # and none dropped: every raw row that matches the filters comes back
    wanted = {k for k in rows if k[3] == source and k[2] == sex and k[1] != "WLD"
              and (year is None or k[0] == year) and (not dests or k[1] in dests)}
    assert seen == wanted


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_top_and_other_conserves_totals(bundle, stock_index, data):
    source = data.draw(st.sampled_from(S.stock_sources(bundle)), label="source")
    sex = data.draw(st.sampled_from(S.sexes_for(bundle, source)), label="sex")
    year = data.draw(st.sampled_from(S.stock_years(bundle, source)), label="year")
    n = data.draw(st.integers(1, 8), label="n")

    df = S.stock_top_and_other(bundle, source, sex, year, n)

    chosen = [d for d in dict.fromkeys(df["destination_iso3"]) if d != "OTHER"]
    assert len(chosen) <= n
    rows = stock_index["rows"]
    per_year: dict[int, int] = {}
    for (y, dest, s, src), v in rows.items():
        if src == source and s == sex and dest != "WLD":
            per_year[y] = per_year.get(y, 0) + v
    assert df.groupby("year")["value"].sum().to_dict() == per_year


@FAST
@given(a=point, b=point)
def test_distance_symmetric_and_bounded(a, b):
    ab = C.distance_km(*a, *b)
    ba = C.distance_km(*b, *a)
    assert abs(ab - ba) <= TOL_KM
    assert 0 <= ab <= HALF_MERIDIAN_KM + TOL_KM


@FAST
@given(a=point)
def test_distance_zero_for_the_same_point(a):
    assert C.distance_km(*a, *a) == pytest.approx(0, abs=TOL_KM)


@FAST
@given(a=point, b=point, c=point)
def test_distance_triangle_inequality(a, b, c):
    assert C.distance_km(*a, *c) <= C.distance_km(*a, *b) + C.distance_km(*b, *c) + TOL_KM


def test_half_meridian_bound_is_the_pole_to_pole_distance():
    assert C.distance_km(90, 0, -90, 0) == pytest.approx(HALF_MERIDIAN_KM, abs=TOL_KM)
    assert C.distance_km(0, 0, 0, 180) == pytest.approx(HALF_MERIDIAN_KM, abs=TOL_KM)  # antipodes, over a pole


@FAST
@given(key=st.sampled_from(list(O.INDICATORS)), year=st.none() | st.integers(1990, 2035),
       per=st.sampled_from(["abs", "per1000"]))
def test_oblast_values_always_nine_units_in_order(bundle, key, year, per):
    df = O.oblast_values(bundle, key, year, per)
    assert list(df["iso_3166_2"]) == list(OBLAST_CODES)
    assert df["period"].nunique() == 1
    ind = O.INDICATORS[key]
    if per == "per1000" and ind.per1000:
        assert (df["unit"] == "per 1,000 residents").all()
        assert df["denominator"].str.startswith("NSC_POP_THESIS:").all()
    else:
        assert (df["unit"] == ind.unit).all()
        assert (df["denominator"] == "").all()
    assert not (df["value"] == 0).any()
    if O.fixed_period(bundle, ind) is None:
        assert df["value"].notna().all()  # population is complete for every year it resolves to
