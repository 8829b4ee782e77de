"""Scheduled reminders run in the mail sender, per tenant, in that tenant's context; a
failing job is logged and does not hold back the others or the delivery."""

from flask import g

from mail_templates.reminders import register_reminder


def test_each_job_runs_once_per_tenant_and_pass_in_its_tenant(app, tenant, other_tenant, runner):
    seen = []

    def broken(today):
        raise RuntimeError("job broke")

    def job(today):
        seen.append((g.tenant.slug, today))
        return 0

    register_reminder(app, "broken", broken)
    register_reminder(app, "record", job)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert sorted(slug for slug, _ in seen) == sorted([tenant.slug, other_tenant.slug])
    assert len({today for _, today in seen}) == 1
