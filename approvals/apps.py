from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Thẩm định và ký"

    def ready(self):
        """Give the lifecycle (plans, below this app) the rules that read review decisions and
        signatures: the conditions of `approve` and `issue`, and "a reviewer approves once a round"."""
        from plans.conditions import add_condition
        from plans.rules import add_done_check

        from .selectors import approve_conditions, approved_this_round, main_signature_problems

        add_condition("approve", approve_conditions)
        add_condition("issue", main_signature_problems)
        add_done_check("approve", approved_this_round)
