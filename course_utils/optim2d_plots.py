"""Plots for :mod:`course_utils.optim2d` (Day 07): paths on a loss surface, and the loss against the step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

if TYPE_CHECKING:  # only for the annotations: optim2d imports this module
    from .optim2d import Array, Surface


def plot_trajectories(
    surface: Surface,
    paths: Mapping[str, Array],
    *,
    ax=None,
    title: str | None = None,
    levels: int = 30,
    resolution: int = 300,
):
    """Contours of ``surface`` with each path drawn on top (start ○, end ×, minima ★). Returns the figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 4.2))
    else:
        fig = ax.figure
    gx, gy = np.meshgrid(np.linspace(*surface.xlim, resolution), np.linspace(*surface.ylim, resolution))
    z = surface(np.stack([gx, gy], axis=-1))
    if surface.log_levels:
        z = np.log10(z - z.min() + 1e-3)
    ax.contour(gx, gy, z, levels=levels, cmap="Greys", linewidths=0.6, alpha=0.8)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (label, path) in enumerate(paths.items()):
        path = np.asarray(path)
        c = colours[i % len(colours)]
        ax.plot(path[:, 0], path[:, 1], "-", color=c, lw=1.4, label=label, marker=".", ms=3)
        ax.plot(*path[0], "o", color=c, mfc="white", ms=7)
        ax.plot(*path[-1], "x", color=c, ms=8, mew=2)
    for m in surface.minima:
        ax.plot(*m, "*", color="gold", mec="k", ms=14, zorder=5)
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.grid(False)
    ax.set_title(title or surface.name)
    if paths:
        ax.legend(fontsize="small", loc="best")
    return fig


def plot_losses(surface: Surface, paths: Mapping[str, Array], *, ax=None, title: str | None = None,
                styles: Mapping[str, str] | None = None):
    """The loss ``surface(w)`` against the step for each path (log scale). Returns the figure.

    ``styles`` maps a path's name to a Matplotlib line style (``"--"``) for the paths to set apart.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 4.2))
    else:
        fig = ax.figure
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (label, path) in enumerate(paths.items()):
        loss = surface(np.asarray(path, dtype=float))
        ax.semilogy(np.arange(len(loss)), loss, (styles or {}).get(label, "-"), color=colours[i % len(colours)],
                    lw=1.4, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("loss (log scale)")
    ax.set_title(title or surface.name)
    if paths:
        ax.legend(fontsize="small", loc="best")
    return fig
