// Package deploy holds NovaGraph's deployment files: the FROM-scratch
// Dockerfile, the single-host and three-machine-room docker-compose files,
// example flag files (conf/), Kubernetes manifests (k8s/), a Grafana
// dashboard and Prometheus scrape config (grafana/), run-local.sh behind
// `make run` and test-3rooms.sh. Its Go test checks that these files parse
// and agree with the daemons: every flag they pass exists, every probe and
// Service is in place, every series the dashboard plots is exported.
package deploy
