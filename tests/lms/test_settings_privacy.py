"""The privacy settings in production (lms/settings/production.py): who the controller is and the retention periods
come from the environment, and a value that cannot be right stops start-up naming its variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.lms.test_settings import load_production  # noqa: F401 - the fixture, shared rather than copied

VARIABLES = ("PRIVACY_CONTROLLER_NAME", "PRIVACY_CONTROLLER_EMAIL", "PRIVACY_CONTROLLER_ADDRESS",
             "PRIVACY_RETENTION_REPORTING_DETAILS_MONTHS", "PRIVACY_RETENTION_REJECTED_APPLICATIONS_MONTHS",
             "PRIVACY_RETENTION_ACCESS_LOG_MONTHS")


@pytest.fixture
def production(load_production, monkeypatch):  # noqa: F811
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return load_production


def test_unset_the_periods_are_the_defaults_and_the_controller_is_the_site_settings(production):
    settings = production()
    assert settings.PRIVACY_RETENTION_MONTHS == {"reporting_details": 12, "rejected_applications": 6,
                                                 "access_log": 24}
    assert settings.PRIVACY_CONTROLLER == {"name": "", "email": "", "address": ""}


def test_the_environment_sets_each_period_and_the_controller(production):
    settings = production(PRIVACY_RETENTION_REPORTING_DETAILS_MONTHS="18",
                          PRIVACY_RETENTION_REJECTED_APPLICATIONS_MONTHS="3",
                          PRIVACY_RETENTION_ACCESS_LOG_MONTHS="36", PRIVACY_CONTROLLER_NAME="БФ «Громада»",
                          PRIVACY_CONTROLLER_EMAIL="dpo@hromada.org", PRIVACY_CONTROLLER_ADDRESS="Дніпро")
    assert settings.PRIVACY_RETENTION_MONTHS == {"reporting_details": 18, "rejected_applications": 3,
                                                 "access_log": 36}
    assert settings.PRIVACY_CONTROLLER == {"name": "БФ «Громада»", "email": "dpo@hromada.org", "address": "Дніпро"}


@pytest.mark.parametrize(("name", "value", "message"), [
    ("PRIVACY_RETENTION_REPORTING_DETAILS_MONTHS", "twelve", "PRIVACY_RETENTION_REPORTING_DETAILS_MONTHS must be a "
                                                             "whole number"),
    ("PRIVACY_RETENTION_ACCESS_LOG_MONTHS", "0", "PRIVACY_RETENTION_ACCESS_LOG_MONTHS must be between 1 and 120"),
    ("PRIVACY_RETENTION_REJECTED_APPLICATIONS_MONTHS", "6.5", "PRIVACY_RETENTION_REJECTED_APPLICATIONS_MONTHS must "
                                                              "be a whole number"),
    ("PRIVACY_CONTROLLER_EMAIL", "dpo.hromada.org", "PRIVACY_CONTROLLER_EMAIL must be an email address"),
])
def test_a_value_that_cannot_be_right_stops_start_up_naming_the_variable(production, name, value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        production(**{name: value})
