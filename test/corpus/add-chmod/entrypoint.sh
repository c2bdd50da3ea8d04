#!/bin/sh
set -e
echo "starting with $# arguments"
exec "$@"
