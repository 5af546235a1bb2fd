"""生育 (calculator `maternity`): fixed and capped delivery amounts, the prenatal-check amount."""

from decimal import Decimal

import pytest

from calculators.errors import InputError
from calculators.registry import run


def calc(**payload):
    return run("maternity", payload)


def total(**payload) -> Decimal:
    return calc(**payload).total


def test_changchun_provincial_normal_delivery_2250():
    """长春 待遇指南: "省级	2250元		2350元		2750元		2850元"."""
    assert total(city="长春", date="2026-06-01", delivery_type="顺产", hospital_tier="省级") == Decimal("2250.00")


def test_changchun_provincial_caesarean_with_other_surgery_2850():
    assert total(city="长春", date="2026-06-01", delivery_type="剖腹产伴其他手术",
                 hospital_tier="省级") == Decimal("2850.00")


def test_changchun_other_tiers_are_not_printed_and_the_error_says_which_are():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", delivery_type="顺产", hospital_tier="市级")
    assert err.value.field == "hospital_tier" and err.value.accepted == ["省级"]


def test_lianyungang_2025_normal_delivery_capped_at_1800():
    """2017 measures: "住院分娩实行限额报销，其中顺产报销1800元"."""
    assert total(city="连云港", date="2025-06-01", delivery_type="顺产", amount=2500) == Decimal("1800.00")


def test_lianyungang_capped_amount_pays_the_lower_actual_cost():
    assert total(city="连云港", date="2025-06-01", delivery_type="顺产", amount=1500) == Decimal("1500.00")


def test_lianyungang_caesarean_capped_at_3500():
    """"剖宫产报销3500元"."""
    assert total(city="连云港", date="2025-06-01", delivery_type="剖腹产", amount=4000) == Decimal("3500.00")


def test_lianyungang_capped_delivery_needs_the_actual_cost():
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2025-06-01", delivery_type="顺产")
    assert err.value.field == "amount"


def test_lianyungang_prenatal_check_300_under_the_2017_measures():
    assert total(city="连云港", date="2018-06-01", benefit="产前检查") == Decimal("300.00")


def test_lianyungang_prenatal_check_321_from_2019():
    """2018 notice: "定额报销费用额度调整为321元"."""
    assert total(city="连云港", date="2019-06-01", benefit="产前检查") == Decimal("321.00")


def test_lianyungang_prenatal_check_321_in_2026():
    """2026 notice: "产前检查定额报销321元"."""
    assert total(city="连云港", date="2026-06-01", benefit="产前检查") == Decimal("321.00")


def test_lianyungang_2026_deliveries_are_ordinary_inpatient_stays():
    """2026: "住院分娩合规医疗费用先按照城乡居民医保普通住院进行报销"."""
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2026-06-01", delivery_type="顺产", amount=3000)
    assert err.value.field == "benefit" and err.value.accepted == ["产前检查"]


def test_lianyungang_needs_12_months_of_insurance():
    """"连续参加城乡居民医保缴费满12个月的人员"."""
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2026-06-01", benefit="产前检查", insured_months=6)
    assert err.value.field == "insured_months"


def test_changzhi_fixed_normal_delivery_1500():
    """长治: "居民顺产定额报销1500元，剖腹产定额报销3000元"."""
    assert total(city="长治", date="2026-06-01", delivery_type="顺产") == Decimal("1500.00")


def test_changzhi_fixed_caesarean_3000():
    assert total(city="长治", date="2026-06-01", delivery_type="剖腹产") == Decimal("3000.00")


def test_changzhi_lists_only_two_delivery_types():
    with pytest.raises(InputError) as err:
        calc(city="长治", date="2026-06-01", delivery_type="顺产伴侧切")
    assert err.value.field == "delivery_type" and err.value.accepted == ["顺产", "剖腹产"]


def test_changzhi_has_no_prenatal_amount():
    with pytest.raises(InputError) as err:
        calc(city="长治", date="2026-06-01", benefit="产前检查")
    assert err.value.field == "benefit"


def test_suizhou_has_no_fixed_maternity_amounts():
    with pytest.raises(InputError) as err:
        calc(city="随州", date="2025-06-01", delivery_type="顺产")
    assert err.value.field == "benefit"


def test_unknown_delivery_type_lists_the_types():
    with pytest.raises(InputError) as err:
        calc(city="长治", date="2026-06-01", delivery_type="水中分娩")
    assert err.value.field == "delivery_type" and "顺产" in err.value.accepted
