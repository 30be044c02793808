// The Himmelblau surface and its Adam run, the PyTorch program of docs/optimizers.md:
// Himmelblau's function, its surface plot, and Adam(lr=1e-3) from [0, 0] for 20000 steps,
// printing `step {}:x={},f(x)={}` every 2000 steps as the PyTorch program does (x after the
// step, f before it, in Python's float format). Adam also runs from [-1, 0], [-4, 0] and [4, 0],
// which reach the function's three other minima.
// The plot, himmelblau.png: the PyTorch program's 3-D surface over x, y in [-6, 6) with step 0.1,
// seen as matplotlib's view_init(60, -30), and beside it the contours with the four Adam paths.
// gnuplot renders it (Debian: gnuplot-nox, found on PATH at run time) from himmelblau.gp, a
// script holding the data; without gnuplot the script is written and one line says how to
// render it.
// Options: --png FILE (default himmelblau.png; the script goes next to it, FILE with .gp),
// --no-plot, and --json for the printed rows under reference.json's key names.
// json-args:
// error-args: --png
// error-args: --plot
#include <ctgrad/ctgrad.hpp>

#include "json.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

using namespace ctgrad;

// [himmelblau]
// Himmelblau's function, written once: on numbers it computes a number (the plot's grid), on
// variables it builds the expression that Adam minimises.
constexpr auto himmelblau(auto x, auto y) {
  return square(x * x + y - 11_c) + square(x + y * y - 7_c);
}

constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr auto f = himmelblau(x, y);
// [himmelblau]

// The minimum that Adam reaches from [0, 0], on numbers and through the expression, and the
// gradient there, all at compile time.
static_assert(himmelblau(3.0, 2.0) == 0.0);
static_assert(f(x = 3.0, y = 2.0) == 0.0);
static_assert(grad(f, x, y)(x = 3.0, y = 2.0) == std::tuple{0.0, 0.0});

// point: a position (x, y) in float, as PyTorch's float32 tensor holds it.
using point = std::array<float, 2>;

// printed_row: one line the PyTorch program prints.
struct printed_row {
  std::size_t step;
  point x;  // after the step
  float f;  // before it
};

// adam_run: one run of the PyTorch program's loop from start.
struct adam_run {
  point start;
  std::vector<printed_row> printed;  // every 2000 steps
  std::vector<point> path;           // start, then every 50 steps, for the contour plot
  point final_x;
};

constexpr std::size_t steps = 20000;
constexpr std::size_t print_every = 2000;
constexpr std::size_t path_every = 50;

adam_run run_adam(point start) {
  adam_run run{start, {}, {start}, {}};
  // [adam]
  param<float> px(start[0]);  // x = torch.tensor(start, requires_grad=True)
  param<float> py(start[1]);
  adam optimizer({.lr = 1e-3}, px, py);  // torch.optim.Adam([x], lr=1e-3)

  // 20000 times: optimizer.zero_grad(); pred = himmelblau(x); pred.backward(); optimizer.step()
  minimize(f, bind(x = px, y = py), optimizer, steps, [&](std::size_t step, float pred) {
    if (step % print_every == 0)  // the PyTorch program's print: x after the step, f(x) before it
      run.printed.push_back({step, {px.value, py.value}, pred});
    if ((step + 1) % path_every == 0)  // for the plot
      run.path.push_back({px.value, py.value});
  });
  // [adam]
  run.final_x = {px.value, py.value};
  return run;
}

// (Strings are built with append: GCC 12 gives a false -Wrestrict warning at -O3 on
// "literal" + std::string.)

// text(p): [a, b] as Python prints x.tolist().
std::string text(point p) {
  std::string out = "[";
  return out.append(example::python_float(p[0]))
      .append(", ")
      .append(example::python_float(p[1]))
      .append("]");
}

// list(items): the JSON array of already formatted items.
std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items)
    out.append(out.size() > 1 ? ", " : "").append(item);
  return out.append("]");
}

std::string json(const std::vector<adam_run>& runs) {
  std::vector<std::string> out;
  for (const adam_run& run : runs) {
    std::vector<std::string> rows;
    for (const printed_row& row : run.printed)
      rows.push_back(example::object({{"step", std::to_string(row.step)},
                                      {"x", example::array({row.x[0], row.x[1]})},
                                      {"f", example::number(static_cast<double>(row.f))}}));
    out.push_back(example::object({{"start", example::array({run.start[0], run.start[1]})},
                                   {"printed", list(rows)},
                                   {"final_x", example::array({run.final_x[0], run.final_x[1]})}}));
  }
  return example::object({{"himmelblau_adam", list(out)}});
}

// The grid of the PyTorch program's plot: np.arange(-6, 6, 0.1), 120 values
// (i * 0.1 - 6 for i < 120).
constexpr std::size_t grid_size = 120;
double grid(std::size_t i) {
  return -6.0 + 0.1 * static_cast<double>(i);
}

// gnuplot_string(s): s as a single-quoted gnuplot string ('' stands for ').
std::string gnuplot_string(std::string_view s) {
  std::string out = "'";
  for (const char c : s)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// write_script(script, png, runs): the gnuplot script that draws png, its data inline.
void write_script(const std::string& script, const std::string& png,
                  const std::vector<adam_run>& runs) {
  std::ofstream out(script);
  if (!out)
    throw std::runtime_error(std::string("cannot write '").append(script).append("'"));
  out << "# Himmelblau's function and Adam's paths, written by "
         "examples/himmelblau.cpp.\n# Render: gnuplot "
      << script << "\n\n$surface << EOD\n";
  for (std::size_t j = 0; j < grid_size; ++j) {  // one block per y, as np.meshgrid's rows
    for (std::size_t i = 0; i < grid_size; ++i)
      out << example::number(grid(i)) << ' ' << example::number(grid(j)) << ' '
          << example::number(himmelblau(grid(i), grid(j))) << '\n';
    out << '\n';
  }
  out << "EOD\n$paths << EOD\n";
  for (const adam_run& run : runs) {
    for (const point& p : run.path)
      out << example::number(p[0]) << ' ' << example::number(p[1]) << '\n';
    out << "\n\n";
  }
  out << "EOD\n$ends << EOD\n";
  for (const adam_run& run : runs)
    out << example::number(run.final_x[0]) << ' ' << example::number(run.final_x[1]) << '\n';
  out << "EOD\n\n";
  out << R"(# The contour lines, as data for the 2-D plot.
set contour base
unset surface
set cntrparam levels discrete 2, 10, 30, 60, 100, 150, 250, 400, 600, 900
set table $contours
splot $surface with lines
unset table
unset contour
set surface

set terminal pngcairo size 1600,700 font ',11'
set output )"
      << gnuplot_string(png) << R"(
set multiplot layout 1, 2 title "Himmelblau's function: f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2"

# Left: the PyTorch program's plot_surface with view_init(60, -30). matplotlib's elevation 60
# is gnuplot's rot_x = 90 - 60 = 30 (0 looks straight down), its azimuth -30 is
# rot_z = -30 + 90 = 60.
set title 'surface, view (60, -30)'
set view 30, 60
set xyplane 0
set xrange [-6:6]
set yrange [-6:6]
set xlabel 'x'
set ylabel 'y'
set pm3d depthorder border lc rgb '#1f3f66' lw 0.3
set pm3d lighting primary 0.6 specular 0.2
set palette defined (0 '#1f77b4', 1 '#1f77b4')
unset colorbox
splot $surface with pm3d notitle

# Right: the contours, and Adam(lr=1e-3) from four starts, 20000 steps each.
set title 'contours and Adam(lr=1e-3) paths, 20000 steps'
set size ratio -1
set key outside right top
plot $contours with lines lc rgb '#b0b0b0' notitle, \
     for [i = 0:3] $paths index i with lines lw 2.5 title sprintf('from %s', \
       word('(0,0) (-1,0) (-4,0) (4,0)', i + 1)), \
     $ends with points pt 7 ps 1.5 lc rgb 'black' title 'minima reached'
unset multiplot
)";
  if (!out)
    throw std::runtime_error(std::string("cannot write '").append(script).append("'"));
}

// render(script): runs `gnuplot script`, gnuplot found on PATH. Returns false when there is no
// gnuplot; throws when it fails.
bool render(const std::string& script) {
  std::string program = "gnuplot";
  std::string argument = script;
  char* argv[] = {program.data(), argument.data(), nullptr};
  pid_t pid{};
  if (const int error = posix_spawnp(&pid, "gnuplot", nullptr, nullptr, argv, environ)) {
    if (error == ENOENT)
      return false;
    throw std::runtime_error(std::string("cannot run gnuplot: ").append(std::strerror(error)));
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(std::string("gnuplot failed on '").append(script).append("'"));
  return true;
}

// options: what the command line asks for.
struct options {
  bool json = false;
  bool plot = true;
  std::string png = "himmelblau.png";
};

options parse(int argc, char** argv) {
  options result;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--json") {
      result.json = true;
    } else if (arg == "--no-plot") {
      result.plot = false;
    } else if (arg == "--png") {
      if (++i == argc)
        throw std::invalid_argument("--png needs a file name");
      result.png = argv[i];
    } else {
      throw std::invalid_argument(std::string("unknown argument '").append(arg).append("'"));
    }
  }
  return result;
}

// script_for(png): the script's name, png with its extension .png replaced (or added) by .gp.
std::string script_for(const std::string& png) {
  const std::size_t slash = png.find_last_of('/');
  const std::size_t dot = png.find_last_of('.');
  const bool has_extension =
      dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (has_extension ? png.substr(0, dot) : png) + ".gp";
}

}  // namespace

int main(int argc, char** argv) {
  options opts;
  try {
    opts = parse(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "himmelblau: " << e.what() << "\n"
              << "usage: himmelblau [--png FILE] [--no-plot] [--json]\n";
    return 2;
  }

  std::vector<adam_run> runs;
  for (const point start : {point{0.0f, 0.0f}, {-1.0f, 0.0f}, {-4.0f, 0.0f}, {4.0f, 0.0f}})
    runs.push_back(run_adam(start));

  if (opts.json) {
    std::cout << json(runs) << '\n';
    return 0;
  }

  std::cout << "x,y range (" << grid_size << ",) (" << grid_size << ",)\n"
            << "X,Y maps: (" << grid_size << ", " << grid_size << ") (" << grid_size << ", "
            << grid_size << ")\n";
  // [print]
  for (const printed_row& row : runs[0].printed)
    std::cout << "step " << row.step << ":x=" << text(row.x)
              << ",f(x)=" << example::python_float(row.f) << '\n';
  // [print]
  std::cout << "\nThe other starts, " << steps << " steps each:\n";
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const point end = runs[k].final_x;
    std::cout << "from " << text(runs[k].start) << ": x=" << text(end)
              << ", f(x)=" << example::python_float(himmelblau(end[0], end[1])) << '\n';
  }

  if (!opts.plot)
    return 0;
  const std::string script = script_for(opts.png);
  try {
    write_script(script, opts.png, runs);
    if (render(script))
      std::cout << "\nwrote " << opts.png << " (gnuplot script: " << script << ")\n";
    else
      std::cout << "\ngnuplot not found: wrote " << script << "; render it with `gnuplot " << script
                << "` (Debian: apt-get install gnuplot-nox)\n";
  } catch (const std::runtime_error& e) {
    std::cerr << "himmelblau: " << e.what() << '\n';
    return 1;
  }
}
