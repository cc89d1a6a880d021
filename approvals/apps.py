from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Thẩm định và ký"

    def ready(self):
        """Give the lifecycle (plans, below this app) the rules that read review decisions and
        signatures: the conditions of `approve` and `issue`, "a reviewer approves once a round" and "a
        person signs the current content once"."""
        from plans.conditions import add_condition
        from plans.rules import add_done_check

        from .selectors import (
            ROUND_DECIDED,
            approve_conditions,
            approved_this_round,
            main_signature_problems,
            round_decided,
            signed_already,
            withdraw_conditions,
        )

        add_condition("approve", approve_conditions)
        add_condition("issue", main_signature_problems)
        add_done_check("approve", approved_this_round)
        add_done_check("sign", signed_already)  # no "Ký" once the current content is signed
        add_condition("withdraw", withdraw_conditions, reads=[ROUND_DECIDED])  # sent with the plan's lock
        add_done_check("withdraw", round_decided, reads=[ROUND_DECIDED])  # no "Rút lại" once a reviewer decided this round
