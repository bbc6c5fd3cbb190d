#!/usr/bin/env bash
# The same flow as provision.mjs with curl: provision an account (Idempotency-Key, then a retry),
# read it back by external id, activate it, open a portal link for its Root, publish an event.
# JSON fields are read with `node -p` (Node is there anyway; no jq needed).
#
#   SIGNET_TOKEN=sgt_... bash examples/platform/provision.sh [external_id]
#
# SIGNET_URL defaults to http://localhost:8080. The token needs the scopes accounts:read,
# accounts:write, portal and events:write. ROOT_EMAIL defaults to owner+<external_id>@example.com.
set -euo pipefail

if [ -z "${SIGNET_TOKEN:-}" ]; then
  echo 'SIGNET_TOKEN is not set. Create a service token with' >&2
  echo '  npm run signet -- tokens create --name example --scopes accounts:read,accounts:write,portal,events:write' >&2
  exit 2
fi
SIGNET_URL=${SIGNET_URL:-http://localhost:8080}
API=${SIGNET_URL%/}/platform/v1
EXTERNAL_ID=${1:-${EXTERNAL_ID:-merchant-$(date +%s)}}
ROOT_EMAIL=${ROOT_EMAIL:-owner+$EXTERNAL_ID@example.com}
# Both go into JSON and the external id into a URL path as they are: keep them to safe characters.
if ! [[ $EXTERNAL_ID =~ ^[A-Za-z0-9._~-]+$ ]] || [[ $ROOT_EMAIL == *[\"\\]* ]]; then
  echo 'use letters, digits and . _ ~ - in the external id, and no " or \ in ROOT_EMAIL' >&2
  exit 2
fi

# call METHOD PATH [JSON_BODY] [IDEMPOTENCY_KEY]: sets BODY and STATUS; exits 1 on a non-2xx.
call() {
  local args=(-sS -X "$1" "$API$2" -H "Authorization: Bearer $SIGNET_TOKEN" -w $'\n%{http_code}')
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  [ -n "${4:-}" ] && args+=(-H "Idempotency-Key: $4")
  local out
  if ! out=$(curl "${args[@]}"); then
    echo "   failed: could not reach Signet at $SIGNET_URL; is it running?" >&2
    exit 1
  fi
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
  echo "   HTTP $STATUS"
  if [ "${STATUS:0:1}" != 2 ]; then
    echo "   failed: $BODY" >&2
    exit 1
  fi
}
# field EXPRESSION: a member of the last BODY, e.g. `field account.id`.
field() { node -p "JSON.parse(process.argv[1]).$1" "$BODY"; }

echo "Signet at $SIGNET_URL, external_id $EXTERNAL_ID"
echo

KEY="provision-$EXTERNAL_ID"
ACCOUNT="{\"name\":\"Example merchant $EXTERNAL_ID\",\"external_id\":\"$EXTERNAL_ID\",\"root_email\":\"$ROOT_EMAIL\"}"
echo "1. POST /platform/v1/accounts  (Idempotency-Key: $KEY)"
call POST /accounts "$ACCOUNT" "$KEY"
ID=$(field account.id)
echo "   account $ID, status $(field account.status)"
echo "   Root invitation for $ROOT_EMAIL (6 hours, single use): $(field invitation_url)"
echo '   retry with the same key and body'
call POST /accounts "$ACCOUNT" "$KEY"
echo "   → account $(field account.id) again, not a second one"

echo "2. GET /platform/v1/accounts/by-external-id/$EXTERNAL_ID"
call GET "/accounts/by-external-id/$EXTERNAL_ID"
echo "   $BODY"

echo "3. POST /platform/v1/accounts/$ID/activate"
call POST "/accounts/$ID/activate"
echo "   status $(field status)"
CALLBACK_URL_SET=$(field callback_url_set)

echo "4. POST /platform/v1/accounts/$ID/portal-sessions  {$ROOT_EMAIL, root}"
call POST "/accounts/$ID/portal-sessions" "{\"email\":\"$ROOT_EMAIL\",\"role\":\"root\"}"
echo "   open within 5 minutes, once: $(field url)"
echo "   expires_at $(field expires_at)"

echo "5. POST /platform/v1/accounts/$ID/events  (Idempotency-Key: event-$EXTERNAL_ID)"
call POST "/accounts/$ID/events" \
  "{\"type\":\"Merchant\",\"event\":\"onboarding_completed\",\"data\":{\"id\":\"$ID\",\"external_id\":\"$EXTERNAL_ID\"}}" \
  "event-$EXTERNAL_ID"
echo "   accepted: callback $(field id), X-Signet-Event-Id $(field event_id)"
if [ "$CALLBACK_URL_SET" = true ]; then
  echo '   queued for the callback URL: see Integration › API › Callbacks for the delivery'
else
  echo '   the account has no callback URL yet, so it is recorded as not_sent (Integration › API › Callbacks)'
fi
