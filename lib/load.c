/* Placeholder until the loaders land. */
#include "load.h"

#include "diag.h"

const struct load_limits load_limits_default = {
	.max_depth = 256,
	.max_scalar = 8u << 20,
	.max_file = (size_t)4 << 30,
	.max_alias_nodes = 100000,
};

int load_buffer(struct arena *a, struct inventory *inv, const char *file,
		const char *buf, size_t len, const struct load_limits *lim,
		struct diag_list *errs)
{
	struct diag d;
	struct srcloc loc = { file, 0, 0 };

	(void)a, (void)inv, (void)buf, (void)len, (void)lim;
	diag_set(&d, DIAG_INTERNAL, &loc, "loader not implemented");
	diag_list_add(errs, &d);
	return 0;
}

int load_file(struct arena *a, struct inventory *inv, const char *path,
	      const struct load_limits *lim, struct diag_list *errs)
{
	return load_buffer(a, inv, path, "", 0, lim, errs);
}

int load_path(struct arena *a, struct inventory *inv, const char *path,
	      bool recursive, const struct load_limits *lim,
	      struct diag_list *errs)
{
	(void)recursive;
	return load_file(a, inv, path, lim, errs);
}

struct node *load_tree(struct arena *a, const char *file, const char *buf,
		       size_t len, const struct load_limits *lim,
		       struct diag *d)
{
	struct srcloc loc = { file, 0, 0 };

	(void)a, (void)buf, (void)len, (void)lim;
	diag_set(d, DIAG_INTERNAL, &loc, "loader not implemented");
	return NULL;
}
