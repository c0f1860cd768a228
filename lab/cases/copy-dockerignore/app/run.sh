#!/bin/sh
echo "serving $(cat /srv/app/config.json)"
