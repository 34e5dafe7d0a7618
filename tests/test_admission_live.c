/*
 * Gatekeeper read from a live API server: the constraint resources that
 * exist only because a ConstraintTemplate does (found through the
 * discovery of constraints.gatekeeper.sh) and Gatekeeper's Config are
 * listed, judged per namespace by no-admission-control as from files,
 * kept by a snapshot and read back to the same findings; a denied
 * constraint group or list is a coverage gap where the template stands
 * in, never a failure.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/admission.h"
#include "apiserver.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/kubeconfig.h"
#include "scan.h"
#include "testutil.h"

#define GK_DATA "testdata/live-gatekeeper"
#define ADMIN	"{\"tokens\":{\"admin-token\":\"admin\"}"

struct grun {
	struct scan *s;
	struct kube_target t;
	struct kube_opts o;
	struct kube_report rep;
	struct diag d;
	int rc;
};

static const char *kubeconfig_for(const struct srv *s, const char *name)
{
	static char path[700];
	char cluster[800];

	snprintf(path, sizeof(path), "%s/kubeconfig.json", live_dir(name));
	snprintf(cluster, sizeof(cluster),
		 "\"server\":\"https://localhost:%d\","
		 "\"certificate-authority\":\"%s/ca.crt\"",
		 s->port, live_certs);
	write_kubeconfig(path, cluster, "\"token\":\"admin-token\"");
	return path;
}

/* Collect from the server started with config; the scan is finished. */
static void grun(struct grun *r, const char *name, const char *config)
{
	struct kubeconfig_opts ko = { 0 };
	struct srv srv;

	memset(r, 0, sizeof(*r));
	srv_start_data(&srv, GK_DATA, config);
	ko.kubeconfig = kubeconfig_for(&srv, name);
	r->s = scan_new();
	ck_assert_int_eq(kubeconfig_load(r->s->arena, &ko, &r->t, &r->d), 0);
	r->o.target = &r->t;
	r->o.request_timeout_ms = 10000;
	r->o.backoff_ms = 50;
	r->rc = kube_collect(r->s->arena, r->s->inv, &r->o, &r->rep,
			     &r->s->errors, &r->d);
	srv_stop(&srv);
	ck_assert_msg(r->rc == 0, "collect: %s", r->d.msg);
	r->s->meta.source = "live";
	scan_finish_input(r->s);
}

static bool select_one(const struct check *c, void *ctx)
{
	return c == ctx;
}

/* Run no-admission-control on r; its findings in f, its status back. */
static int run_check(struct grun *r, struct findings *f)
{
	const struct check *c = check_find("no-admission-control");
	struct check_result *res = NULL;
	size_t nres = 0, i;
	int status = -1;

	findings_init(f, r->s->arena);
	ck_assert_int_eq(scan_run(r->s, check_registry, select_one, (void *)c,
				  f, &res, &nres),
			 0);
	for (i = 0; i < nres; i++)
		if (res[i].check == c)
			status = (int)res[i].status;
	free(res);
	return status;
}

static bool has_note(const struct kube_report *rep, const char *text)
{
	size_t i;

	for (i = 0; i < rep->nnotes; i++)
		if (strstr(rep->notes[i], text))
			return true;
	return false;
}

START_TEST(test_constraints_listed_and_judged)
{
	const struct kobj *c, *shop, *legacy, *ks;
	struct findings f;
	struct grun r;
	char why[256];

	grun(&r, "gk-live", ADMIN "}");
	c = inventory_find(r.s->inv, "K8sPSPPrivilegedContainer", NULL,
			   "psp-privileged-container");
	ck_assert_msg(c != NULL,
		      "the constraint was not listed (%zu errors: %s)",
		      r.s->errors.n, r.s->errors.n ? r.s->errors.v[0].msg : "");
	ck_assert_str_eq(c->group, "constraints.gatekeeper.sh");
	ck_assert_ptr_nonnull(
	    inventory_find(r.s->inv, "Config", "gatekeeper-system", "config"));
	ck_assert_ptr_null(adm_gatekeeper_unread(r.s->inv));
	ck_assert_uint_eq(r.rep.nnotes, 0);

	/* per namespace: shop guarded, legacy exempted by the Config,
	 * kube-system excluded by the constraint */
	shop = inventory_find(r.s->inv, "Namespace", NULL, "shop");
	legacy = inventory_find(r.s->inv, "Namespace", NULL, "legacy");
	ks = inventory_find(r.s->inv, "Namespace", NULL, "kube-system");
	ck_assert_ptr_nonnull(shop);
	ck_assert_ptr_nonnull(legacy);
	ck_assert_ptr_nonnull(ks);
	ck_assert_int_eq(adm_judge(r.s->inv, c, shop, why, sizeof(why)),
			 ADM_ENFORCE);
	ck_assert_int_eq(adm_judge(r.s->inv, c, legacy, why, sizeof(why)),
			 ADM_OUTSIDE);
	ck_assert_msg(strstr(why, "Gatekeeper Config 'config' exempts"), "%s",
		      why);
	ck_assert_int_eq(adm_judge(r.s->inv, c, ks, why, sizeof(why)),
			 ADM_OUTSIDE);

	/* so one finding: legacy, privileged and exempted; shop is not */
	ck_assert_int_eq(run_check(&r, &f), CHECK_FAILED);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_ptr_eq(f.v[0]->obj, legacy);
	ck_assert_msg(strstr(f.v[0]->message, "Gatekeeper Config 'config'"),
		      "%s", f.v[0]->message);
	findings_release(&f);
	scan_free(r.s);
}
END_TEST

/* A denied constraint group or list: a note, and the template stands in. */
START_TEST(test_constraints_denied)
{
	static const char *const configs[] = {
		ADMIN ",\"faults\":[{\"path\":\"/apis/"
		      "constraints.gatekeeper.sh/v1\",\"type\":\"status\","
		      "\"code\":403,\"message\":\"no\"}]}",
		ADMIN
		",\"forbid\":{\"admin\":[\"k8spspprivilegedcontainer\"]}}",
	};
	static const char *const notes[] = {
		"could not discover the resources of constraints.gatekeeper.sh",
		"could not list k8spspprivilegedcontainer (403 Forbidden",
	};
	struct findings f;
	struct grun r;
	const struct kobj *t;

	grun(&r, _i ? "gk-denied-list" : "gk-denied-group", configs[_i]);
	ck_assert_msg(has_note(&r.rep, notes[_i]), "%zu notes, first: %s",
		      r.rep.nnotes, r.rep.nnotes ? r.rep.notes[0] : "");
	ck_assert_ptr_null(inventory_find(r.s->inv, "K8sPSPPrivilegedContainer",
					  NULL, "psp-privileged-container"));
	ck_assert(
	    inventory_forbidden_any(r.s->inv, _i ? "K8sPSPPrivilegedContainer"
						 : KUBE_GATEKEEPER_UNSEEN));
	ck_assert_str_eq(KUBE_GATEKEEPER_UNSEEN, ADM_GATEKEEPER_UNSEEN);
	t = adm_gatekeeper_unread(r.s->inv);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "k8spspprivilegedcontainer");
	/* the template stands for a constraint denying everywhere */
	ck_assert_int_eq(run_check(&r, &f), CHECK_PASSED);
	ck_assert_uint_eq(f.n, 0);
	findings_release(&f);
	scan_free(r.s);
}
END_TEST

/* Run the binary with a clean environment; stdout+stderr in *out. */
static int bin(char **out, const char *args)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd),
		 "env -u KUBECONFIG -u KUBERNETES_SERVICE_HOST HOME='%s' "
		 "'%s' %s 2>&1",
		 live_tmp, tu_bin(), args);
	return tu_run(cmd, out);
}

/* The no-admission-control lines of a text report, in order. */
static char *admission_lines(const char *text)
{
	size_t n = strlen(text), k = 0;
	char *out = calloc(n + 1, 1);
	const char *p = text;

	ck_assert_ptr_nonnull(out);
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		char *line = strndup(p, len);

		ck_assert_ptr_nonnull(line);
		if (strstr(line, "no-admission-control") ||
		    strstr(line, "accepts any pod")) {
			memcpy(out + k, p, len);
			k += len;
			out[k++] = '\n';
		}
		free(line);
		p += len + (e != NULL);
	}
	return out;
}

START_TEST(test_snapshot_round_trip)
{
	struct srv srv;
	char args[2500], dir[600], *out, *live, *snap, *meta, *lv, *sv;
	const char *kc;
	int rc;

	srv_start_data(&srv, GK_DATA, NULL);
	kc = kubeconfig_for(&srv, "gk-snap-kc");
	snprintf(dir, sizeof(dir), "%s/snap", live_dir("gk-snap"));
	snprintf(args, sizeof(args), "snapshot -d '%s' --kubeconfig '%s'", dir,
		 kc);
	rc = bin(&out, args);
	ck_assert_msg(rc == 0, "snapshot: %s", out);
	free(out);
	snprintf(args, sizeof(args),
		 "scan --kubeconfig '%s' --no-color --checks "
		 "no-admission-control",
		 kc);
	rc = bin(&live, args);
	srv_stop(&srv);
	ck_assert_msg(rc == 1, "live scan: %s", live);
	snprintf(args, sizeof(args),
		 "scan --snapshot '%s' --no-color --checks "
		 "no-admission-control",
		 dir);
	rc = bin(&snap, args);
	ck_assert_msg(rc == 1, "snapshot scan: %s", snap);

	snprintf(args, sizeof(args), "%s/meta.json", dir);
	meta = tu_read_file(args, NULL);
	ck_assert_ptr_nonnull(meta);
	ck_assert_msg(strstr(meta, "\"file\": \"k8spspprivilegedcontainer."
				   "constraints.gatekeeper.sh.json\""),
		      "%s", meta);
	ck_assert_ptr_nonnull(
	    strstr(meta, "\"file\": \"configs.config.gatekeeper.sh.json\""));
	lv = admission_lines(live);
	sv = admission_lines(snap);
	ck_assert_msg(strstr(lv, "namespace 'legacy' accepts any pod"), "%s",
		      live);
	ck_assert_ptr_null(strstr(lv, "'shop'"));
	ck_assert_str_eq(lv, sv);
	free(lv);
	free(sv);
	free(meta);
	free(live);
	free(snap);
}
END_TEST

Suite *suite_admission_live(void)
{
	Suite *s = suite_create("admission_live");
	TCase *tc = tcase_create("gatekeeper");

	tcase_add_unchecked_fixture(tc, live_certs_setup, live_certs_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_constraints_listed_and_judged);
	tcase_add_loop_test(tc, test_constraints_denied, 0, 2);
	tcase_add_test(tc, test_snapshot_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
