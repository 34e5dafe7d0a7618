#include "render/render_par.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "jsonw.h"
#include "sbuf.h"

/* One chunk being written or written: its bytes and its writer's end. */
struct par_slot {
	struct sbuf buf;
	struct jsonw w;
	bool done; /* written, not yet appended */
};

struct par {
	const struct render_items *it;
	struct jsonw at; /* the calling writer's state before the items */
	size_t chunk, nchunks;
	pthread_mutex_t mu;
	pthread_cond_t done_cv; /* a chunk was written */
	pthread_cond_t room_cv; /* a chunk was appended: a slot is free */
	size_t next;		/* the next chunk to write */
	size_t appended;	/* chunks appended so far */
	struct par_slot slot[RENDER_PAR_SLOTS];
};

struct par_worker {
	struct par *p;
	void *local;
};

/* Chunk k into its slot, on the calling thread. */
static void write_chunk(struct par *p, size_t k, void *local)
{
	struct par_slot *s = &p->slot[k % RENDER_PAR_SLOTS];
	const struct render_items *it = p->it;
	size_t i = k * p->chunk;
	size_t end = it->n - i > p->chunk ? i + p->chunk : it->n;

	sbuf_reset(&s->buf);
	/* every item writes a value: after the first chunk a comma is due */
	jsonw_init_after(&s->w, &s->buf, &p->at, k ? true : p->at.need_comma);
	for (; i < end; i++)
		it->item(&s->w, i, it->ctx, local);
}

static void *par_worker(void *arg)
{
	struct par_worker *pw = arg;
	struct par *p = pw->p;
	size_t k;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next < p->nchunks &&
		       p->next - p->appended >= RENDER_PAR_SLOTS)
			pthread_cond_wait(&p->room_cv, &p->mu);
		if (p->next >= p->nchunks)
			break;
		k = p->next++;
		pthread_mutex_unlock(&p->mu);
		write_chunk(p, k, pw->local);
		pthread_mutex_lock(&p->mu);
		p->slot[k % RENDER_PAR_SLOTS].done = true;
		pthread_cond_signal(&p->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Append the chunks in order as the workers finish them. */
static void append_chunks(struct jsonw *w, struct par *p)
{
	size_t k;

	for (k = 0; k < p->nchunks; k++) {
		struct par_slot *s = &p->slot[k % RENDER_PAR_SLOTS];

		pthread_mutex_lock(&p->mu);
		while (!s->done)
			pthread_cond_wait(&p->done_cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		jsonw_splice(w, &s->w);
		pthread_mutex_lock(&p->mu);
		s->done = false;
		p->appended++;
		pthread_cond_broadcast(&p->room_cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* The items on the workers; false when none could be started. */
static bool par_run(struct jsonw *w, const struct render_items *it,
		    size_t chunk)
{
	struct par p;
	struct par_worker pw[RENDER_PAR_WORKERS];
	pthread_t t[RENDER_PAR_WORKERS];
	unsigned i, nt = 0;

	memset(&p, 0, sizeof(p));
	p.it = it;
	p.at = *w;
	p.chunk = chunk;
	p.nchunks = it->n / chunk + (it->n % chunk != 0);
	for (i = 0; i < RENDER_PAR_SLOTS; i++)
		sbuf_init(&p.slot[i].buf, 0);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.done_cv, NULL);
	pthread_cond_init(&p.room_cv, NULL);
	for (i = 0; i < RENDER_PAR_WORKERS; i++) {
		pw[i].p = &p;
		pw[i].local = it->local[1 + i];
		if (pthread_create(&t[nt], NULL, par_worker, &pw[i]) == 0)
			nt++;
	}
	if (nt)
		append_chunks(w, &p);
	for (i = 0; i < nt; i++)
		pthread_join(t[i], NULL);
	pthread_cond_destroy(&p.room_cv);
	pthread_cond_destroy(&p.done_cv);
	pthread_mutex_destroy(&p.mu);
	for (i = 0; i < RENDER_PAR_SLOTS; i++)
		sbuf_release(&p.slot[i].buf);
	return nt > 0;
}

void render_items(struct jsonw *w, const struct render_items *it)
{
	size_t chunk = it->chunk ? it->chunk : RENDER_PAR_CHUNK;
	size_t min = it->chunk ? 2 * it->chunk : RENDER_PAR_MIN;
	size_t i;

	if (it->threads >= 2 && it->n >= min && !w->after_key && !w->err &&
	    par_run(w, it, chunk))
		return;
	for (i = 0; i < it->n; i++)
		it->item(w, i, it->ctx, it->local[0]);
}
