#ifndef TICKETD_CSYSTEMDNOTIFY_SHIM_H
#define TICKETD_CSYSTEMDNOTIFY_SHIM_H

/* sd_notify without libsystemd: one datagram to the AF_UNIX socket named by $NOTIFY_SOCKET
   (a path, or an abstract name written with a leading '@'). Returns 0 or -errno. */

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static inline int ticketd_notify_send(const char *socket_name, const char *message) {
    struct sockaddr_un address;
    size_t name_length = strlen(socket_name);
    if (name_length == 0 || name_length >= sizeof(address.sun_path)) return -EINVAL;
    memset(&address, 0, sizeof(address));
    address.sun_family = AF_UNIX;
    memcpy(address.sun_path, socket_name, name_length);
    if (address.sun_path[0] == '@') address.sun_path[0] = '\0';
    socklen_t length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + name_length);
    int descriptor = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (descriptor < 0) return -errno;
    ssize_t sent = sendto(descriptor, message, strlen(message), MSG_NOSIGNAL, (struct sockaddr *)&address, length);
    int result = sent < 0 ? -errno : 0;
    close(descriptor);
    return result;
}

#endif
