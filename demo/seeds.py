"""The four seed plans of ../shared/seeds/ as structured plans, for `manage.py loaddemo`.

Each `seed_*` module keeps the plan's text (SUBJECT, LEGAL_BASES, PREAMBLE, SECTIONS) and a SEED
dict: who drafts it, its structured parts (targets, tasks with lead and supporting units and
reporting schedules, budget lines, recipients), and the steps that take it to its demo state.
`loader.load_seed_plans` enters them through plans.services and workflow.services.perform.
"""

from . import seed_000_kon_braih, seed_001_mttq, seed_002_xoa_nha_tam, seed_003_to_bao_ve_antt

SEEDS = [m.SEED for m in (seed_000_kon_braih, seed_001_mttq, seed_002_xoa_nha_tam, seed_003_to_bao_ve_antt)]
