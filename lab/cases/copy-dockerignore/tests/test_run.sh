#!/bin/sh
test -f /srv/app/run.sh
