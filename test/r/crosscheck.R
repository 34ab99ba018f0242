# test/r/crosscheck.R: the R side of test/r_crosscheck.sh.
#
# Reads figures.csv (aov_ext's figures, one per row, named by what they are
# and their parameters) and the rows they were computed from, recomputes
# every figure in base R from its textbook definition, and prints one line
# per figure: aov_ext, R, absolute and relative difference, tolerance,
# PASS or FAIL.  Exits 1 on any FAIL.  Nothing here is read from aov_ext's
# code: the trimmed mean is domain.md's definition, Yuen's test and the
# winsorized variance are Wilcox's (Introduction to Robust Estimation and
# Hypothesis Testing, 4th ed., sections 3.2 and 5.3; Yuen 1974), Welch's
# test is R's t.test, the binomial tail binom.test, Holm p.adjust, and the
# bunching counterfactual lm() on an orthogonal polynomial basis.

args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "."

fig <- read.csv(file.path(dir, "figures.csv"), colClasses = "character", na.strings = "")
orders <- read.csv(file.path(dir, "orders.csv"), colClasses = c("character", "numeric", "numeric"))
groups <- split(orders[, c("revenue", "items")], orders$grp)
bunch_revenue <- read.csv(file.path(dir, "bunching_orders.csv"))$revenue

# Tolerances (relative; an absolute floor only where the figure can be 0).
# Trimmed means and medians are exact sums in both programs: domain.md asks
# 1e-12.  Closed forms (test statistics, p-values, intervals, binomial
# tails, A/B figures): 1e-10.  The bunching fit is a least-squares solve of
# a degree-7 polynomial, whose conditioning costs digits: 1e-9.
TOL_EXACT <- 1e-12
TOL_CLOSED <- 1e-10
TOL_FIT <- 1e-9

# floor(n * t) with t the decimal it was written as: domain.md's cut.  R's
# mean(x, trim = t) computes floor(n * t) in binary floating point instead,
# which cuts one value less where n * t is a whole number that the binary t
# misses (0.29 * 100 = 28.999999999999996).
cut_count <- function(n, t) {
    parts <- strsplit(t, ".", fixed = TRUE)[[1]]
    d <- if (length(parts) == 2) nchar(parts[2]) else 0
    (n * as.numeric(gsub(".", "", t, fixed = TRUE))) %/% 10^d
}

# The trimmed mean of domain.md section 2, exact: values with two decimals
# are summed as whole cents (exact in a double below 2^53), then divided
# once.  Other values (unit prices) are summed as doubles.
trimmed_mean <- function(x, lo, hi, cents = TRUE) {
    n <- length(x)
    s <- sort(x)
    kept <- s[(cut_count(n, lo) + 1):(n - cut_count(n, hi))]
    if (cents) sum(round(kept * 100)) / (100 * length(kept)) else mean(kept)
}

# Welch: the estimate, its variance and df for one sample's mean.
welch_mean <- function(x) {
    n <- length(x)
    list(est = mean(x), var = var(x) / n, df = n - 1)
}
# Welch for the unit price sum(r)/sum(q): the delta method for a ratio of
# means, Var(R) = Var(r - R q) / (n mean(q)^2) (Cochran, Sampling
# Techniques, 6.9).
welch_ratio <- function(r, q) {
    n <- length(r)
    R <- sum(r) / sum(q)
    list(est = R, var = var(r - R * q) / (n * mean(q)^2), df = n - 1)
}
# Yuen (Wilcox 5.3): g = floor(tr n) cut at each end, h = n - 2g kept; the
# winsorized sample sets the g lowest values to the (g+1)-th and the g
# highest to the (n-g)-th; d = (n - 1) s_w^2 / (h (h - 1)), df h - 1.
yuen_one <- function(x, tr) {
    n <- length(x)
    g <- cut_count(n, tr)
    h <- n - 2 * g
    s <- sort(x)
    w <- s
    if (g > 0) {
        w[1:g] <- s[g + 1]
        w[(n - g + 1):n] <- s[n - g]
    }
    list(est = mean(s[(g + 1):(n - g)]), var = (n - 1) * var(w) / (h * (h - 1)), df = h - 1)
}
# Two independent estimates: t, Welch-Satterthwaite df, two-sided p and the
# (1 - alpha) interval of the difference current - baseline.
two_sample <- function(b, c, alpha = 0.05) {
    v <- b$var + c$var
    d <- c$est - b$est
    df <- v^2 / (b$var^2 / b$df + c$var^2 / c$df)
    q <- qt(1 - alpha / 2, df)
    list(t = d / sqrt(v), df = df, p = 2 * pt(-abs(d) / sqrt(v), df),
         ci_low = d - q * sqrt(v), ci_high = d + q * sqrt(v))
}

# The per-order values of one measure.
measure_values <- function(grp, measure) {
    o <- groups[[grp]]
    switch(measure,
           aov = o$revenue,
           items_per_order = o$items,
           unit_price = unit_prices(o$revenue, o$items))
}
# Per-order unit prices as reference.md defines them for numeric revenue
# (aov_breakdown, "Per-order unit price"): r / q rounded half away from zero
# to 4 decimals beyond the revenue's scale, 6 for numeric(12,2); computed in
# whole millionths, exactly.  (The raw double r / q moves Yuen's unit-price
# figures by up to 4e-9 relative on these data.)  Orders with q = 0 have none.
unit_prices <- function(r, q) {
    keep <- q != 0
    num <- round(r[keep] * 100) * 10000 * sign(q[keep])
    den <- abs(q[keep])
    sign(num) * ((2 * abs(num) + den) %/% (2 * den)) / 1e6
}
group_stats <- function(grp, test, measure, tr) {
    if (test == "welch") {
        o <- groups[[grp]]
        if (measure == "unit_price") welch_ratio(o$revenue, o$items)
        else welch_mean(measure_values(grp, measure))
    } else yuen_one(measure_values(grp, measure), tr)
}
pair_stats <- function(base, cur, test, measure, tr) {
    if (test == "welch" && measure != "unit_price") {
        # R's own Welch test, not the formulas above.
        tt <- t.test(measure_values(cur, measure), measure_values(base, measure), var.equal = FALSE)
        list(t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value,
             ci_low = tt$conf.int[1], ci_high = tt$conf.int[2])
    } else two_sample(group_stats(base, test, measure, tr), group_stats(cur, test, measure, tr))
}

# aov_ab_test, per call: its trim, alpha and power, visitors, control.
ab_calls <- list(
    ab1 = list(tr = "0.05", alpha = 0.05, power = 0.8,
               visitors = c(control = 400000, aa = 410000, lift = 120000, small = 70000)),
    ab2 = list(tr = "0.2", alpha = 0.1, power = 0.9, visitors = NULL))
ab_control <- "control"
ab_rows <- function(call) {
    cl <- ab_calls[[call]]
    vs <- sort(unique(sub("^L\\.", "", grep("^L\\.", names(groups), value = TRUE))))
    out <- list()
    for (v in vs) {
        o <- groups[[paste0("L.", v)]]
        r <- list(orders = nrow(o),
                  variant_visitors = if (is.null(cl$visitors)) NA else unname(cl$visitors[v]),
                  aov = sum(round(o$revenue * 100)) / (100 * nrow(o)),
                  aov_trimmed = trimmed_mean(o$revenue, cl$tr, cl$tr),
                  unit_price = sum(round(o$revenue * 100)) / (100 * sum(o$items)),
                  items_per_order = mean(o$items))
        r$conversion <- r$orders / r$variant_visitors
        out[[v]] <- r
    }
    ctl <- groups[[paste0("L.", ab_control)]]$revenue
    z <- qnorm(1 - cl$alpha / 2) + qnorm(cl$power)
    lift_interval <- function(ce, ve) {
        a <- ve$var / ce$est^2
        b <- ve$est^2 * ce$var / ce$est^4
        df <- (a + b)^2 / (a^2 / ve$df + b^2 / ce$df)
        lift <- ve$est / ce$est - 1
        half <- qt(1 - cl$alpha / 2, df) * sqrt(a + b)
        list(lift = lift, low = lift - half, high = lift + half)
    }
    for (v in setdiff(vs, ab_control)) {
        x <- groups[[paste0("L.", v)]]$revenue
        tt <- t.test(x, ctl, var.equal = FALSE)
        li <- lift_interval(welch_mean(ctl), welch_mean(x))
        cy <- yuen_one(ctl, cl$tr)
        vy <- yuen_one(x, cl$tr)
        ly <- lift_interval(cy, vy)
        d <- vy$est - cy$est
        needed <- ceiling(z^2 * (length(ctl) * cy$var + length(x) * vy$var) / d^2)
        out[[v]] <- c(out[[v]], list(
            aov_lift = li$lift, aov_lift_low = li$low, aov_lift_high = li$high, aov_p_value = tt$p.value,
            trimmed_lift = ly$lift, trimmed_lift_low = ly$low, trimmed_lift_high = ly$high,
            trimmed_p_value = two_sample(cy, vy)$p,
            min_detectable_lift = z * sqrt(cy$var + vy$var) / abs(cy$est),
            orders_needed = needed,
            orders_still_needed = max(0, needed - length(x)) + max(0, needed - length(ctl))))
    }
    others <- setdiff(vs, ab_control)
    for (k in c("aov", "trimmed")) {
        ps <- sapply(others, function(v) out[[v]][[paste0(k, "_p_value")]])
        adj <- p.adjust(ps, method = "holm")
        for (v in others) out[[v]][[paste0(k, "_p_holm")]] <- unname(adj[v])
    }
    out
}
ab_cache <- list()

# Bunching (Kleven 2016): bin counts, a polynomial (+ round-number level)
# fitted by lm() outside the window, predicted everywhere.
bunching_calls <- list(
    poly7 = list(threshold = 50, w = 2, below = 20, above = 20, ex_below = 4, ex_above = 3, poly = 7,
                 round = NA),
    poly3_round10 = list(threshold = 50, w = 2, below = 15, above = 15, ex_below = 4, ex_above = 3,
                         poly = 3, round = 10))
bunching_fit <- function(fit) {
    b <- bunching_calls[[fit]]
    k <- -b$below:(b$above - 1)
    cents <- round(bunch_revenue * 100)
    lo <- round((b$threshold - b$below * b$w) * 100)
    wc <- round(b$w * 100)
    inr <- cents >= lo & cents < round((b$threshold + b$above * b$w) * 100)
    idx <- (cents[inr] - lo) %/% wc
    counts <- tabulate(idx + 1, nbins = length(k))
    start <- b$threshold + k * b$w
    centre <- start + b$w / 2
    window <- k >= -b$ex_below & k < b$ex_above
    d <- data.frame(y = counts, centre = centre)
    if (!is.na(b$round)) d$round <- as.numeric(round(start * 100) %% round(b$round * 100) == 0)
    basis <- poly(centre[!window], degree = b$poly)
    d <- cbind(d, as.data.frame(predict(basis, centre)))
    names(d)[(ncol(d) - b$poly + 1):ncol(d)] <- paste0("p", 1:b$poly)
    form <- as.formula(paste("y ~", paste(c(paste0("p", 1:b$poly), if (!is.na(b$round)) "round"),
                                          collapse = " + ")))
    m <- lm(form, data = d[!window, ])
    cf <- unname(predict(m, newdata = d))
    above <- window & k >= 0
    below <- window & k < 0
    excess <- sum(counts[above] - cf[above])
    list(start = start, cf = cf, orders = sum(inr), excess = excess,
         missing = sum(cf[below] - counts[below]), b = excess / cf[k == 0])
}
bunch_cache <- list()

# The R figure for one aov_ext figure name, with its tolerance.
reference <- function(name) {
    tok <- strsplit(name, " ", fixed = TRUE)[[1]]
    val <- function(t) sub("^[a-z_]+=", "", t)
    kind <- tok[1]
    if (kind %in% c("trimmed_mean", "trimmed_mean_float8")) {
        lo <- val(tok[3]); hi <- val(tok[4])
        x <- if (tok[2] == "squares1to100") (1:100)^2 else groups[[tok[2]]]$revenue
        return(list(r = trimmed_mean(x, lo, hi), tol = TOL_EXACT,
                    builtin = if (lo == hi) mean(x, trim = as.numeric(lo)) else NA))
    }
    if (kind == "median") return(list(r = median(groups[[tok[2]]]$revenue), tol = TOL_EXACT))
    if (kind == "median_items") return(list(r = median(groups[[tok[2]]]$items), tol = TOL_EXACT))
    if (kind %in% c("welch", "yuen")) {
        tr <- val(tok[4])
        if (grepl("->", tok[3], fixed = TRUE)) {
            gp <- strsplit(tok[3], "->", fixed = TRUE)[[1]]
            return(list(r = pair_stats(gp[1], gp[2], kind, tok[2], tr)[[tok[5]]], tol = TOL_CLOSED))
        }
        return(list(r = group_stats(tok[3], kind, tok[2], tr)[[sub("estimate", "est", sub("variance", "var", tok[5]))]],
                    tol = TOL_CLOSED))
    }
    if (kind %in% names(ab_calls)) {
        if (is.null(ab_cache[[kind]])) ab_cache[[kind]] <<- ab_rows(kind)
        return(list(r = ab_cache[[kind]][[tok[2]]][[tok[3]]], tol = TOL_CLOSED))
    }
    if (kind == "binomial_below") {
        k <- as.numeric(val(tok[2])); n <- as.numeric(val(tok[3])); p <- as.numeric(val(tok[4]))
        return(list(r = binom.test(k, n, p, alternative = "less")$p.value, tol = TOL_CLOSED))
    }
    if (kind == "retirement_p") {
        n <- as.numeric(val(tok[3])); k <- as.numeric(val(tok[4])); p <- as.numeric(val(tok[5]))
        return(list(r = binom.test(k, n, p, alternative = "less")$p.value, tol = TOL_CLOSED))
    }
    if (kind == "bunching") {
        if (is.null(bunch_cache[[tok[2]]])) bunch_cache[[tok[2]]] <<- bunching_fit(tok[2])
        bf <- bunch_cache[[tok[2]]]
        if (tok[3] == "counterfactual")
            return(list(r = bf$cf[abs(bf$start - as.numeric(val(tok[4]))) < 1e-9], tol = TOL_FIT))
        return(list(r = bf[[tok[3]]], tol = if (tok[3] == "orders") TOL_EXACT else TOL_FIT))
    }
    stop("no R reference for figure: ", name)
}

rows <- lapply(seq_len(nrow(fig)), function(i) {
    ref <- reference(fig$name[i])
    a <- as.numeric(fig$v[i])
    r <- if (length(ref$r) == 1) as.numeric(ref$r) else NaN   # NaN: no single R figure
    if (is.na(a) && !is.nan(a) && is.na(r) && !is.nan(r)) {
        absd <- 0; reld <- 0; ok <- TRUE                        # both NULL
    } else {
        absd <- abs(a - r)
        reld <- if (isTRUE(absd == 0)) 0 else absd / abs(r)
        ok <- isTRUE(reld <= ref$tol)
    }
    data.frame(figure = fig$name[i], aov_ext = a, R = r, abs_diff = absd, rel_diff = reld, tol = ref$tol,
               result = if (ok) "PASS" else "FAIL",
               builtin = if (is.null(ref$builtin)) NA else ref$builtin, stringsAsFactors = FALSE)
})
res <- do.call(rbind, rows)

fmt <- function(x) ifelse(is.na(x), "NULL", formatC(x, digits = 17, format = "g"))
cat(sprintf("%-60s %24s %24s %9s %9s %7s %s\n", "figure", "aov_ext", "R", "abs diff", "rel diff", "tol", ""))
for (i in seq_len(nrow(res)))
    cat(sprintf("%-60s %24s %24s %9.2e %9.2e %7.0e %s\n", res$figure[i], fmt(res$aov_ext[i]), fmt(res$R[i]),
                res$abs_diff[i], res$rel_diff[i], res$tol[i], res$result[i]))

# Per kind of figure: how many, the largest relative difference, failures.
res$kind <- sub(" .*", "", res$figure)
res$kind[grepl("->", res$figure)] <- paste(sub(" .*", "", res$figure[grepl("->", res$figure)]), "pair")
res$kind[grepl("^(welch|yuen) [a-z_]+ [A-Z]\\.[a-z]+ ", res$figure)] <-
    paste(sub(" .*", "", res$figure[grepl("^(welch|yuen) [a-z_]+ [A-Z]\\.[a-z]+ ", res$figure)]), "group")
res$kind[grepl("^ab[0-9]", res$figure)] <- "aov_ab_test"
cat("\nsummary\n")
cat(sprintf("%-26s %7s %14s %7s %s\n", "kind", "figures", "max rel diff", "tol", "failed"))
for (k in unique(res$kind)) {
    s <- res[res$kind == k, ]
    cat(sprintf("%-26s %7d %14.2e %7.0e %d\n", k, nrow(s), max(s$rel_diff, na.rm = TRUE), max(s$tol),
                sum(s$result == "FAIL")))
}

# Where R's built-in mean(x, trim) differs from domain.md's decimal cut.
tm <- res[!is.na(res$builtin), ]
differ <- tm[abs(tm$builtin - tm$R) > TOL_EXACT * abs(tm$R), ]
cat(sprintf("\nR's built-in mean(x, trim = t) equals the decimal-cut definition in %d of %d symmetric trimmed means",
            nrow(tm) - nrow(differ), nrow(tm)))
if (nrow(differ)) {
    cat("; it differs (it cuts floor(n * t) in binary floating point) at:\n")
    for (i in seq_len(nrow(differ)))
        cat(sprintf("  %s: mean(x, trim) = %s, definition = %s, aov_ext = %s\n", differ$figure[i],
                    fmt(differ$builtin[i]), fmt(differ$R[i]), fmt(differ$aov_ext[i])))
} else cat("\n")

nfail <- sum(res$result == "FAIL")
cat(sprintf("\n%d figures, %d PASS, %d FAIL\n", nrow(res), nrow(res) - nfail, nfail))
quit(status = if (nfail) 1 else 0)
