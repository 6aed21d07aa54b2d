#!/usr/bin/env bash
set -euo pipefail

# TODO(marco): stop deploying on Fridays after 4pm !low #ops
env="${1:-staging}"
echo "deploying to $env"
# TODO: check the migration lock before running migrations #db
./migrate --env "$env"
