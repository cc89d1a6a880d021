"""`python -m audit.verify_bundle BUNDLE.json …`: the offline checker audit.verify.bundle, by its older name."""

import sys

from audit.verify.bundle import main

if __name__ == "__main__":
    sys.exit(main())
