"""A real RTSP server for Argus's ingest tests: GStreamer's rtsp-server (Debian: gir1.2-gst-rtsp-server-1.0,
gstreamer1.0-plugins-good, python3-gi) serving a folder of JPEG frames (00000.jpg, 00001.jpg, ...) in a loop as
RTP/JPEG at --fps, on 127.0.0.1 only, over TCP, UDP or both, optionally behind a user and password (basic auth).
Prints one 'ready' line, then serves until killed. Run with Debian's /usr/bin/python3 (it has the gi module)."""
import argparse, sys
import gi
gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import Gst, GstRtspServer, GLib
Gst.init(None)
ap = argparse.ArgumentParser()
ap.add_argument('--port', required=True)
ap.add_argument('--path', default='/cam')
ap.add_argument('--protocols', choices=['tcp', 'udp', 'both'], default='both')
ap.add_argument('--frames', required=True)
ap.add_argument('--fps', type=int, default=5)
ap.add_argument('--width', type=int, default=384)
ap.add_argument('--height', type=int, default=288)
ap.add_argument('--user')
ap.add_argument('--password-file')
a = ap.parse_args()
server = GstRtspServer.RTSPServer()
server.set_address('127.0.0.1')
server.set_service(a.port)
f = GstRtspServer.RTSPMediaFactory()
# The frames, in memory, pushed in a loop with timestamps at --fps (the server paces by them).
import os
jpegs = [open(os.path.join(a.frames, n), 'rb').read() for n in sorted(os.listdir(a.frames)) if n.endswith('.jpg')]
if not jpegs:
    sys.exit('no .jpg frames in ' + a.frames)
f.set_launch('( appsrc name=src is-live=true format=time caps="image/jpeg,width=%d,height=%d,framerate=%d/1" ! rtpjpegpay name=pay0 pt=26 )'
             % (a.width, a.height, a.fps))
f.set_shared(True)
duration = Gst.SECOND // a.fps


def configure(factory, media):
    state = {'n': 0}

    def need_data(src, length):
        buf = Gst.Buffer.new_wrapped(jpegs[state['n'] % len(jpegs)])
        buf.pts = buf.dts = state['n'] * duration
        buf.duration = duration
        state['n'] += 1
        src.emit('push-buffer', buf)

    media.get_element().get_child_by_name('src').connect('need-data', need_data)


f.connect('media-configure', configure)
gi.require_version('GstRtsp', '1.0')
from gi.repository import GstRtsp
lt = {'tcp': GstRtsp.RTSPLowerTrans.TCP, 'udp': GstRtsp.RTSPLowerTrans.UDP, 'both': GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP}[a.protocols]
f.set_protocols(lt)
if a.user:
    password = open(a.password_file).read().strip()
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string('media.factory.role', a.user)
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(a.user, password), token)
    server.set_auth(auth)
    perms = GstRtspServer.RTSPPermissions()
    perms.add_permission_for_role(a.user, 'media.factory.access', True)
    perms.add_permission_for_role(a.user, 'media.factory.construct', True)
    f.set_permissions(perms)
server.get_mount_points().add_factory(a.path, f)
if server.attach(None) == 0:
    sys.exit('could not listen on 127.0.0.1:%s' % a.port)
print('rtsp server ready on rtsp://127.0.0.1:%s%s (%s)' % (a.port, a.path, a.protocols), flush=True)
GLib.MainLoop().run()
